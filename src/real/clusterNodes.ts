import { SlotSet } from '../redis/slotSet';

/** One line of CLUSTER NODES as a real server prints it. */
export interface NodesLine {
  id: string;
  port: number;
  myself: boolean;
  role: 'master' | 'replica';
  pfail: boolean;
  fail: boolean;
  handshake: boolean;
  master: string | null;
  pingSentMs: number;
  configEpoch: number;
  connected: boolean;
  slots: SlotSet;
}

/** Parse CLUSTER NODES (migrating/importing markers are skipped: scenarios do not reshard). */
export function parseClusterNodes(text: string): NodesLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id, addr, flagText, master, ping, , epoch, link, ...slotWords] = l.trim().split(' ');
      const flags = new Set(flagText.split(','));
      const ranges = slotWords.filter((w) => !w.startsWith('[')).map((w) => w.split('-').map(Number)).map(([a, b]) => [a, b ?? a] as [number, number]);
      return {
        id,
        port: Number(/:(\d+)@/.exec(addr)?.[1] ?? 0),
        myself: flags.has('myself'),
        role: flags.has('slave') ? 'replica' : 'master',
        pfail: flags.has('fail?'),
        fail: flags.has('fail'),
        handshake: flags.has('handshake'),
        master: master === '-' ? null : master,
        pingSentMs: Number(ping),
        configEpoch: Number(epoch),
        connected: link === 'connected',
        slots: SlotSet.of(ranges),
      };
    });
}

/** CLUSTER INFO as field -> value. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}
