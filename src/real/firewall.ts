import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';

/**
 * Partitions and packet loss on a real cluster: DROP rules between the nodes' loopback addresses,
 * in an iptables chain of our own (RSIM-<our pid>) that the loopback interface's INPUT jumps to.
 * DROP, not REJECT: the packets vanish as across a cut network, and TCP retransmits. Loss is the
 * same rule for a random share of the packets (the statistic match), so it is per packet, as the
 * model's tcp mode is per message (one message is one segment on loopback's 64 KB MTU). The chain
 * is made on the first rule and removed at the end; a later run removes the chains of runs whose
 * process is gone. Rules change in one iptables-restore call per fault, so a cut of many links
 * lands at one instant.
 */
const PREFIX = 'RSIM-';

export function firewallProblem(): string | null {
  if (process.getuid?.() !== 0) return 'partitions and loss on a real cluster need root (they are iptables rules)';
  if (spawnSync('iptables', ['-S', 'INPUT']).status !== 0) return 'partitions and loss on a real cluster need iptables (apt-get install iptables)';
  return null;
}

function iptables(args: string[]): boolean {
  return spawnSync('iptables', ['-w', ...args]).status === 0;
}

/** Remove a chain: the jump to it, its rules, the chain itself. */
function removeChain(chain: string): void {
  while (iptables(['-D', 'INPUT', '-i', 'lo', '-j', chain]));
  iptables(['-F', chain]);
  iptables(['-X', chain]);
}

/** Chains of ours whose run has ended without removing them. */
export function cleanStaleChains(): number {
  if (firewallProblem()) return 0;
  const out = spawnSync('iptables', ['-w', '-S'], { encoding: 'utf8' }).stdout ?? '';
  const alive = new Set(readdirSync('/proc').filter((p) => /^\d+$/.test(p)));
  const stale = [...new Set([...out.matchAll(/^-N (RSIM-(\d+))$/gm)].filter((m) => !alive.has(m[2])).map((m) => m[1]))];
  stale.forEach(removeChain);
  return stale.length;
}

/** The rule (without its chain) that drops every packet from one address to another. */
export function dropRule(from: string, to: string): string {
  return `-s ${from}/32 -d ${to}/32 -j DROP`;
}

/** The rule that drops a random share `rate` (0 to 1) of them. */
export function lossRule(from: string, to: string, rate: number): string {
  return `-s ${from}/32 -d ${to}/32 -m statistic --mode random --probability ${rate} -j DROP`;
}

export class Firewall {
  private readonly chain = `${PREFIX}${process.pid}`;
  private made = false;
  private pending: string[] = [];
  /** The loss rule in force on each link (by "from>to"), to delete exactly it when the rate changes. */
  private readonly lossRules = new Map<string, string>();

  /** `failed` hears of a change iptables refused (the trial goes on, and says so). */
  constructor(private readonly failed: (error: string) => void) {}

  /** Drop what `from` sends to `to` (by address), with the other changes of this fault. */
  block(from: string, to: string): void {
    this.change('-A', dropRule(from, to));
  }

  unblock(from: string, to: string): void {
    this.change('-D', dropRule(from, to));
  }

  /** Drop a share `rate` of what `from` sends to `to` (0: none), replacing the link's previous rate. */
  setLoss(from: string, to: string, rate: number): void {
    const link = `${from}>${to}`;
    const old = this.lossRules.get(link);
    if (old !== undefined) this.change('-D', old);
    this.lossRules.delete(link);
    if (rate <= 0) return;
    const rule = lossRule(from, to, rate);
    this.lossRules.set(link, rule);
    this.change('-A', rule);
  }

  private change(op: '-A' | '-D', rule: string): void {
    if (!this.made && !this.make()) return;
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(`${op} ${this.chain} ${rule}`);
  }

  private make(): boolean {
    removeChain(this.chain);
    this.made = iptables(['-N', this.chain]) && iptables(['-I', 'INPUT', '1', '-i', 'lo', '-j', this.chain]);
    if (!this.made) this.failed(`could not make the iptables chain ${this.chain}`);
    return this.made;
  }

  private flush(): void {
    const rules = this.pending.splice(0);
    const r = spawnSync('iptables-restore', ['-w', '--noflush'], { input: `*filter\n${rules.join('\n')}\nCOMMIT\n` });
    if (r.status !== 0) this.failed(`iptables-restore: ${String(r.stderr).trim()}`);
  }

  /** Remove the chain and every rule in it. */
  close(): void {
    if (this.made) removeChain(this.chain);
    this.made = false;
    this.lossRules.clear();
  }
}
