import { ClusterOptions } from './config';
import { ClusterNodeRecord } from './clusterNode';
import { NodeEnv } from './env';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { nodeLine } from './clusterNodesFormat';
import { NodeTable } from './nodeTable';
import { internName } from './nodeName';
import { SlotRange, SlotSet } from './slotSet';

/**
 * nodes.conf: the configuration a node keeps across restarts (clusterSaveConfig, clusterLoadConfig).
 * Redis rewrites it on every configuration change; since a simulated node's configuration at a crash
 * is exactly what its last save held, the host takes the snapshot when the process dies.
 * Flags, epochs, roles, slots and myself's open slots (MIGRATING, IMPORTING) survive; links, timers
 * and failure reports do not.
 */
export function saveNodesConf(self: RedisNode): string {
  const lines = self.nodeList.filter((n) => !n.has(NodeFlag.HANDSHAKE)).map((n) => nodeLine(self, n));
  lines.push(`vars currentEpoch ${self.currentEpoch} lastVoteEpoch ${self.lastVoteEpoch}`);
  return lines.join('\n') + '\n';
}

const FLAG_BITS: Record<string, number> = {
  myself: NodeFlag.MYSELF,
  master: NodeFlag.MASTER,
  slave: NodeFlag.SLAVE,
  'fail?': NodeFlag.PFAIL,
  fail: NodeFlag.FAIL,
  handshake: NodeFlag.HANDSHAKE,
  noaddr: NodeFlag.NOADDR,
  nofailover: NodeFlag.NOFAILOVER,
  noflags: 0,
};

/** Build a node from nodes.conf text. Non-zero ping/pong times become "now"; every configEpoch loads as written (clusterLoadConfig). */
export function loadNodesConf(text: string, env: NodeEnv, opts: ClusterOptions): RedisNode {
  const now = env.now();
  const rows = text.split('\n').filter((l) => l.trim() !== '').map((l) => l.split(' '));
  const vars = rows.find((r) => r[0] === 'vars') ?? [];
  const nodeRows = rows.filter((r) => r[0] !== 'vars');
  const table = new NodeTable();
  const records = nodeRows.map((r) => recordFromRow(table, r, now));
  const myself = records.find((n) => n.isMyself);
  if (!myself) throw new Error('nodes.conf has no myself line');
  const self = new RedisNode(env, opts, table, myself);
  for (const rec of records) self.addNode(rec);
  nodeRows.forEach((r, i) => {
    const rec = records[i];
    const master = r[3] === '-' ? undefined : self.lookup(internName(r[3]));
    if (master) {
      rec.slaveof = master;
      master.addSlave(rec);
    }
    self.assignSlots(parseSlots(r.slice(8).filter((w) => !w.startsWith('['))), rec);
    if (rec === myself) for (const w of r.slice(8)) if (w.startsWith('[')) loadOpenSlot(self, w);
  });
  self.currentEpoch = Number(vars[2] ?? 0);
  self.lastVoteEpoch = Number(vars[4] ?? 0);
  for (const rec of records) self.currentEpoch = Math.max(self.currentEpoch, rec.configEpoch);
  return self;
}

function recordFromRow(table: NodeTable, r: string[], now: number): ClusterNodeRecord {
  const [name, addr, flags, , ping, pong, epoch] = r;
  const m = /^(.*):(\d+)@(\d+)$/.exec(addr);
  if (!m) throw new Error(`nodes.conf: bad address ${addr}`);
  const rec = new ClusterNodeRecord(table, internName(name), internName(m[1]), Number(m[2]), Number(m[3]), now);
  rec.flags = flags.split(',').reduce((f, word) => f | (FLAG_BITS[word] ?? 0), 0);
  rec.pingSent = Number(ping) ? now : 0;
  rec.pongReceived = Number(pong) ? now : 0;
  rec.configEpoch = Number(epoch);
  if (rec.has(NodeFlag.FAIL)) rec.failTime = now;
  return rec;
}

/** `[s->-id]` or `[s-<-id]`; a node not in the file is skipped (Redis would add it without an address). */
function loadOpenSlot(self: RedisNode, word: string): void {
  const m = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(word);
  const node = m ? self.lookup(internName(m[3])) : undefined;
  if (!m || !node) return;
  (m[2] === '>' ? self.migratingSlotsTo : self.importingSlotsFrom).set(Number(m[1]), node);
}

function parseSlots(words: string[]): SlotSet {
  const ranges: SlotRange[] = words.map((w) => {
    const [a, b] = w.split('-').map(Number);
    return [a, b ?? a];
  });
  return SlotSet.shared(ranges);
}
