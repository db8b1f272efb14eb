import { Micros } from '../engine/time';
import { Journal, WorkloadEnd } from '../journal/journal';
import { Value } from '../redis/dataset';
import { OpRecord } from '../workload/history';
import { ms } from './summary';
import { CLUSTER_SLOTS, SlotSet } from '../redis/slotSet';
import { NodeSpec, Scenario } from '../scenario/types';

/**
 * What the clients saw, per slot range (the slots of each master at the start) and overall:
 * writes and reads by outcome and reason, client-visible unavailability after the first fault,
 * the longest time without a successful write, acknowledged writes lost, stale reads, and latency
 * of successful operations.
 */

export interface OutcomeCounts {
  ok: number;
  failed: number;
  timeout: number;
  pending: number;
  /** Failures and timeouts by the error's code (CLUSTERDOWN, NOREPLICAS, MOVED, timeout, ...). */
  by_reason: Record<string, number>;
}

export interface LatencyMs {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface RangeReport {
  slots: string;
  writes: OutcomeCounts;
  reads: OutcomeCounts;
  /**
   * From the first write after the first fault that did not succeed to the first success invoked
   * after it (null: none failed); overall, the longest of the slot ranges'. A write still unanswered
   * at the end, invoked less than the client's commandTimeout (or 1 s) before it, does not count.
   */
  unavailable_ms: number | null;
  /** False when writes never succeeded again before the end. */
  recovered: boolean;
  /** The longest span without a successful write, from the first success to the last write invoked. */
  longest_write_gap_ms: number | null;
  lost_writes: number;
  /** Reads answered with less than a write acknowledged before they were invoked (see staleReads). */
  stale_reads: number;
  latency_ms: LatencyMs;
}

export interface WorkloadReport {
  clients: string[];
  /** The first fault's time, from which unavailability is measured (null: no fault). */
  first_fault_ms: number | null;
  total: RangeReport;
  by_master: Record<string, RangeReport>;
}

/** An acknowledged write the final data does not hold. */
export interface LostWrite {
  op: OpRecord;
  finalValue: Value | undefined;
  finalOwner: string;
}

/** A failure's reason: the error's code, the same for ioredis's own messages (which name the error's class) and the model's. */
export function reasonOf(error: string): string {
  const message = error.replace(/^\w*Error: /, '');
  if (message === 'Command timed out') return 'timeout';
  if (message === 'Connection is closed.') return 'connection closed';
  const prefix = 'Too many Cluster redirections. Last error: ';
  if (message.startsWith(prefix)) return `redirections (${reasonOf(message.slice(prefix.length))})`;
  return message.split(' ')[0];
}

/** A SET or an MSET: the key holds the write's id (an MSET is judged by its first key). */
function setsValue(op: OpRecord): boolean {
  return op.command === 'SET' || op.command === 'MSET';
}

/**
 * Lost, per key (keys are their client's own, write ids grow per client): an RPUSH when its id is
 * not in the final list; INCRs by how far the final counter falls short of the acknowledged ones;
 * a SET when the key ends with no value, or with a write that was acknowledged before this one was
 * invoked. A write that overlapped it may land after it (a retry of an older write does), and one
 * never acknowledged may have been applied at any time after it was invoked: neither makes it lost.
 */
export function lostWrites(end: WorkloadEnd): LostWrite[] {
  const lost: LostWrite[] = [];
  const incrs = new Map<string, OpRecord[]>();
  // The SET whose value each key ended with.
  const lastOf = new Map<string, OpRecord>();
  for (const op of end.ops) if (op.kind === 'write' && setsValue(op) && end.finalValues.get(op.key) === op.value) lastOf.set(op.key, op);
  const overwritten = (op: OpRecord, v: Value | undefined): boolean => {
    if (typeof v !== 'number') return true;
    const by = lastOf.get(op.key);
    return by !== undefined && by !== op && by.outcome === 'ok' && by.completeUs < op.invokeUs;
  };
  const owner = (op: OpRecord): string => end.finalOwners[op.slot] ?? '';
  for (const op of end.ops) {
    if (op.kind !== 'write' || op.outcome !== 'ok') continue;
    const finalValue = end.finalValues.get(op.key);
    if (op.command === 'INCR') {
      const list = incrs.get(op.key) ?? [];
      list.push(op);
      incrs.set(op.key, list);
    } else if (op.command === 'RPUSH' ? !(Array.isArray(finalValue) && finalValue.includes(op.value)) : overwritten(op, finalValue)) {
      lost.push({ op, finalValue, finalOwner: owner(op) });
    }
  }
  for (const [key, ops] of incrs) {
    const v = end.finalValues.get(key);
    const short = ops.length - (typeof v === 'number' ? v : 0);
    // The last acknowledged increments are the ones a failover loses.
    for (const op of ops.slice(ops.length - Math.max(0, short))) lost.push({ op, finalValue: v, finalOwner: owner(op) });
  }
  return lost.sort((a, b) => a.op.invokeUs - b.op.invokeUs);
}

/**
 * Reads that saw the past: a read answered with less than the key held when it was invoked, by
 * what was acknowledged before then. For a SET key, an older write's id (or no value) when a later
 * one was acknowledged; for an INCR counter or an RPUSH list (read as its length), fewer than the
 * writes acknowledged. A replica behind its master answers so, and so does a master that lost
 * acknowledged writes in a failover. Writes not yet acknowledged may or may not be seen: neither
 * makes a read stale.
 */
export function staleReads(ops: OpRecord[]): Set<OpRecord> {
  const byKey = new Map<string, OpRecord[]>();
  for (const op of ops) {
    if (op.outcome !== 'ok') continue;
    const list = byKey.get(op.key);
    if (list) list.push(op);
    else byKey.set(op.key, [op]);
  }
  const stale = new Set<OpRecord>();
  for (const keyOps of byKey.values()) {
    const writes = keyOps.filter((o) => o.kind === 'write').sort((a, b) => a.completeUs - b.completeUs);
    const reads = keyOps.filter((o) => o.kind === 'read').sort((a, b) => a.invokeUs - b.invokeUs);
    let i = 0;
    let floor = 0;
    for (const r of reads) {
      for (; i < writes.length && writes[i].completeUs < r.invokeUs; i++) floor = setsValue(writes[i]) ? Math.max(floor, writes[i].value) : i + 1;
      if ((r.result ?? 0) < floor) stale.add(r);
    }
  }
  return stale;
}

/** The masters with slots at the start, and each slot's index among them (-1: none): the slot ranges reports group by. */
export function slotRanges(scenario: Scenario): { masters: NodeSpec[]; groupOf: Int16Array } {
  const masters = scenario.nodes.filter((n) => !n.slots.isEmpty);
  const groupOf = new Int16Array(CLUSTER_SLOTS).fill(-1);
  masters.forEach((m, i) => m.slots.forEach((s) => (groupOf[s] = i)));
  return { masters, groupOf };
}

/** What every slot range's report needs: the ops, the first fault, the lost writes, and those still legitimately in flight. */
interface RangeContext {
  ops: OpRecord[];
  faultUs: Micros | null;
  endUs: Micros;
  lost: Set<OpRecord>;
  stale: Set<OpRecord>;
  inFlight: Set<OpRecord>;
}

function rangeContext(journal: Journal): RangeContext | null {
  const end = journal.end.workload;
  const spec = journal.scenario.workload;
  if (!end || !spec) return null;
  const fault = journal.events.find((e) => e.event === 'fault' || e.event === 'action');
  // Unanswered when the run ended, but not for longer than the client would wait: not a failure (yet).
  const waitUs = new Map(spec.clients.map((c) => [c.name, (c.policy.commandTimeout || 1000) * 1000]));
  return {
    ops: end.ops,
    faultUs: fault ? fault.timeUs : null,
    endUs: journal.end.timeUs,
    lost: new Set(lostWrites(end).map((l) => l.op)),
    stale: staleReads(end.ops),
    inFlight: new Set(end.ops.filter((o) => o.outcome === 'pending' && journal.end.timeUs - o.invokeUs < (waitUs.get(o.client) ?? 0))),
  };
}

export function workloadReport(journal: Journal): WorkloadReport | null {
  const ctx = rangeContext(journal);
  if (!ctx) return null;
  const { masters, groupOf } = slotRanges(journal.scenario);
  const groups = byGroup(ctx.ops, groupOf, masters.length);
  const byMaster: Record<string, RangeReport> = {};
  masters.forEach((m, i) => (byMaster[m.name] = rangeReport(m.slots.key, groups[i], ctx)));
  return {
    clients: journal.scenario.workload?.clients.map((c) => c.name) ?? [],
    first_fault_ms: ms(ctx.faultUs),
    total: acrossRanges(rangeReport('0-16383', ctx.ops, ctx), Object.values(byMaster)),
    by_master: byMaster,
  };
}

/**
 * The report of any set of slots (an expectation's `slots:`). Its unavailability is that of its
 * part in the range of one master (at the start) that was down longest, as overall: a success in
 * a range that never went down says nothing of one that did.
 */
export function slotsReport(journal: Journal, slots: SlotSet): RangeReport | null {
  const ctx = rangeContext(journal);
  if (!ctx) return null;
  const { masters, groupOf } = slotRanges(journal.scenario);
  const ops = ctx.ops.filter((o) => slots.has(o.slot));
  const parts = byGroup(ops, groupOf, masters.length).filter((g) => g.length > 0);
  return acrossRanges(rangeReport(slots.key, ops, ctx), parts.map((g) => rangeReport('', g, ctx)));
}

function byGroup(ops: OpRecord[], groupOf: Int16Array, groups: number): OpRecord[][] {
  const out: OpRecord[][] = Array.from({ length: groups }, () => []);
  for (const op of ops) if (groupOf[op.slot] >= 0) out[groupOf[op.slot]].push(op);
  return out;
}

/** `whole` with the unavailability of the longest down of its `ranges`, recovered when all are. */
function acrossRanges(whole: RangeReport, ranges: RangeReport[]): RangeReport {
  const worst = ranges.reduce<number | null>((m, r) => (r.unavailable_ms === null ? m : Math.max(m ?? 0, r.unavailable_ms)), null);
  return { ...whole, unavailable_ms: worst, recovered: ranges.every((r) => r.recovered) };
}

function rangeReport(slots: string, ops: OpRecord[], { faultUs, endUs, lost, stale, inFlight }: RangeContext): RangeReport {
  const writes = ops.filter((o) => o.kind === 'write');
  const { unavailableUs, recovered } = unavailability(writes.filter((o) => !inFlight.has(o)), faultUs, endUs);
  return {
    slots,
    writes: counts(writes),
    reads: counts(ops.filter((o) => o.kind === 'read')),
    unavailable_ms: ms(unavailableUs),
    recovered,
    longest_write_gap_ms: ms(longestGap(writes, endUs)),
    lost_writes: writes.filter((o) => lost.has(o)).length,
    stale_reads: ops.filter((o) => stale.has(o)).length,
    latency_ms: latency(ops.filter((o) => o.outcome === 'ok').map((o) => o.completeUs - o.invokeUs)),
  };
}

function counts(ops: OpRecord[]): OutcomeCounts {
  const c: OutcomeCounts = { ok: 0, failed: 0, timeout: 0, pending: 0, by_reason: {} };
  for (const o of ops) {
    if (o.outcome === 'ok') c.ok++;
    else if (o.outcome === 'fail') c.failed++;
    else if (o.outcome === 'timeout') c.timeout++;
    else c.pending++;
    if (o.outcome === 'fail' || o.outcome === 'timeout') {
      const r = reasonOf(o.error);
      c.by_reason[r] = (c.by_reason[r] ?? 0) + 1;
    }
  }
  c.by_reason = Object.fromEntries(Object.entries(c.by_reason).sort(([a], [b]) => a.localeCompare(b)));
  return c;
}

function unavailability(writes: OpRecord[], faultUs: Micros | null, endUs: Micros): { unavailableUs: Micros | null; recovered: boolean } {
  if (faultUs === null) return { unavailableUs: null, recovered: true };
  const first = writes.find((o) => o.invokeUs >= faultUs && o.outcome !== 'ok');
  if (!first) return { unavailableUs: null, recovered: true };
  let back = Infinity;
  for (const o of writes) if (o.outcome === 'ok' && o.invokeUs >= first.invokeUs && o.completeUs < back) back = o.completeUs;
  return back === Infinity ? { unavailableUs: endUs - first.invokeUs, recovered: false } : { unavailableUs: back - first.invokeUs, recovered: true };
}

function longestGap(writes: OpRecord[], endUs: Micros): Micros | null {
  const done = writes.filter((o) => o.outcome === 'ok').map((o) => o.completeUs).sort((a, b) => a - b);
  if (done.length === 0) return null;
  // Up to the last write invoked: a client that stopped early leaves no gap.
  let last = 0;
  for (const o of writes) last = Math.max(last, o.invokeUs);
  let gap = Math.min(endUs, last) - done[done.length - 1];
  for (let i = 1; i < done.length; i++) gap = Math.max(gap, done[i] - done[i - 1]);
  return gap;
}

export function latency(us: number[]): LatencyMs {
  if (us.length === 0) return { p50: null, p99: null, max: null };
  const s = [...us].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: ms(q(0.5)), p99: ms(q(0.99)), max: ms(s[s.length - 1]) };
}
