import { formatSeconds, Micros, MICROS_PER_SECOND } from '../engine/time';
import { Counter } from '../net/stats';
import { eventText } from '../journal/eventText';
import { EventRecord, Journal } from '../journal/journal';
import { IntervalName } from '../scenario/intervals';
import { formedAt } from './formation';
import { TOOL } from '../version';
import { ExpectationResult } from './expectations';
import { Failover } from './failovers';
import { firstOutage } from './outages';
import { Reshard, reshards } from './reshards';
import { WorkloadReport } from './workload';

/** Milliseconds with 3 decimals, as every report writes times. */
export function ms(us: Micros | null): number | null {
  return us === null ? null : Math.round(us) / 1000;
}

/** Each interval of a failover, in ms from its fault (null where a milestone was not reached). */
export function intervals(f: Failover): Record<IntervalName, number | null> {
  const since = (t: Micros | null): number | null => (t === null || f.faultUs === null ? null : ms(t - f.faultUs));
  return {
    detection: since(f.firstPfailUs),
    agreement: since(f.firstFailUs),
    election: since(f.electionUs),
    promotion: since(f.promotedUs),
    convergence: since(f.convergedUs),
    unavailability: since(f.availableUs),
  };
}

/** sent = delivered + dropped + in_flight; duplicated counts extra copies a lossy link delivered. */
export interface TypeTotals {
  sent: number;
  delivered: number;
  dropped: number;
  /** Still on the wire, or held for retransmission across a partition, when the run ended. */
  in_flight: number;
  duplicated: number;
  bytes_sent: number;
}

export interface Summary {
  /** The tool and version that produced this, and the scenario file's hash: together they name the code and input of a seed. */
  tool: string;
  scenario: string;
  file: string;
  scenario_sha256: string;
  seed: number;
  duration_ms: number;
  /** End of the start-up phase: every node first reported cluster_state ok (null: never). */
  formed_ms: number | null;
  events_processed: number;
  messages: Record<string, TypeTotals>;
  bus_totals: TypeTotals;
  /** Messages sent in each virtual second, by type. */
  sent_per_second: Record<string, number[]>;
  /** Every fault and action as applied: from `at_ms` until its undo (`for:`) or, for a reshard, its end; or null. */
  faults: { kind: string; label: string; nodes: string[]; at_ms: number; until_ms: number | null; action: boolean }[];
  bus_per_node: Record<string, { messages_per_s: number; bytes_per_s: number; by_type: Record<string, { messages_per_s: number; bytes_per_s: number }> }>;
  failovers: {
    failed: string;
    promoted: string;
    fault: string | null;
    fault_ms: number | null;
    first_pfail_ms: number | null;
    first_fail_ms: number | null;
    election_ms: number | null;
    promoted_ms: number | null;
    converged_ms: number | null;
    available_ms: number | null;
    epoch: number;
    intervals_ms: Record<IntervalName, number | null>;
  }[];
  /** The first outage no failover followed (only when there is one): its node and fault, when it was flagged PFAIL and FAIL, when it returned and the last flag was cleared; intervals from the fault. */
  outage?: { node: string; fault: string; fault_ms: number; pfail_ms: number | null; fail_ms: number | null; returned_ms: number | null; cleared_ms: number | null; intervals_ms: { detection: number | null; agreement: number | null; cleared: number | null } };
  /** Each reshard: when it started and ended (null: it did not), the slots and keys it moved (only with reshards). */
  reshards?: { from: string; to: string; at_ms: number; done_ms: number | null; slots: number; keys: number }[];
  /** What the clients saw (only with a workload). */
  workload?: WorkloadReport;
  expectations: ExpectationResult[];
  /** Faults that did nothing and commands that failed, as the run found them. */
  warnings: string[];
  passed: boolean;
}

const REPLICATION = 'replication';
/** Not the bus: the replication stream, and clients' commands and replies. */
const NOT_BUS: ReadonlySet<string> = new Set([REPLICATION, 'command', 'reply']);

function totals(c: Counter): TypeTotals {
  return { sent: c.sent, delivered: c.delivered, dropped: c.dropped, in_flight: c.sent - c.delivered - c.dropped, duplicated: c.duplicated, bytes_sent: c.bytesSent };
}

function faultSpans(journal: Journal, moves: Reshard[]): Summary['faults'] {
  const faults = journal.events.filter((e): e is EventRecord<'fault' | 'action'> => e.event === 'fault' || e.event === 'action');
  const undone = new Map(faults.filter((f) => f.detail.undo).map((f) => [f.detail.occurrence, f.timeUs]));
  for (const r of moves) if (r.doneUs !== null) undone.set(r.occurrence, r.doneUs);
  return faults
    .filter((f) => !f.detail.undo)
    .map((f) => ({ kind: f.detail.kind, label: f.detail.label, nodes: f.detail.nodes, at_ms: ms(f.timeUs) as number, until_ms: ms(undone.get(f.detail.occurrence) ?? null), action: f.event === 'action' }));
}

function outageSummary(journal: Journal, failovers: Failover[]): Summary['outage'] {
  const o = firstOutage(journal, failovers);
  if (!o) return undefined;
  const since = (t: Micros | null): number | null => (t === null ? null : ms(t - o.faultUs));
  return {
    node: o.node,
    fault: o.fault,
    fault_ms: ms(o.faultUs) as number,
    pfail_ms: ms(o.pfailUs),
    fail_ms: ms(o.failUs),
    returned_ms: ms(o.returnedUs),
    cleared_ms: ms(o.clearedUs),
    intervals_ms: { detection: since(o.pfailUs), agreement: since(o.failUs), cleared: since(o.clearedUs) },
  };
}

function warnings(journal: Journal): string[] {
  const name = (id: string): string => journal.displayName(id);
  return journal.events
    .filter((e) => e.event === 'fault_ignored' || e.event === 'command_error')
    .map((e) => `${formatSeconds(e.timeUs)}: ${e.subject}: ${eventText(e, name)}`);
}

export function buildSummary(journal: Journal, failovers: Failover[], expectations: ExpectationResult[], workload: WorkloadReport | null = null): Summary {
  const end = journal.end;
  const durationUs = end.timeUs;
  const seconds = durationUs / MICROS_PER_SECOND;
  const moves = reshards(journal);
  const outage = outageSummary(journal, failovers);
  const rate = (n: number): number => Math.round((n / seconds) * 100) / 100;
  const messages: Record<string, TypeTotals> = {};
  const bus: TypeTotals = { sent: 0, delivered: 0, dropped: 0, in_flight: 0, duplicated: 0, bytes_sent: 0 };
  for (const [type, c] of [...end.traffic.byType].sort(([a], [b]) => a.localeCompare(b))) {
    const t = (messages[type] = totals(c));
    if (NOT_BUS.has(type)) continue;
    for (const k of Object.keys(bus) as (keyof TypeTotals)[]) bus[k] += t[k];
  }
  const perNode: Summary['bus_per_node'] = {};
  journal.scenario.nodes.forEach((n, host) => {
    const byType: Record<string, { messages_per_s: number; bytes_per_s: number }> = {};
    let msgs = 0;
    let bytes = 0;
    for (const [type, c] of [...end.traffic.byHost[host]].sort(([a], [b]) => a.localeCompare(b))) {
      if (NOT_BUS.has(type) || c.sent === 0) continue;
      byType[type] = { messages_per_s: rate(c.sent), bytes_per_s: rate(c.bytesSent) };
      msgs += c.sent;
      bytes += c.bytesSent;
    }
    perNode[n.name] = { messages_per_s: rate(msgs), bytes_per_s: rate(bytes), by_type: byType };
  });
  return {
    tool: `${TOOL.name} ${TOOL.version}`,
    scenario: journal.scenario.name,
    file: journal.scenario.file,
    scenario_sha256: journal.scenario.sha256,
    seed: journal.seed,
    duration_ms: ms(durationUs) as number,
    formed_ms: ms(formedAt(journal)),
    events_processed: end.eventsProcessed,
    messages,
    bus_totals: bus,
    sent_per_second: Object.fromEntries([...end.traffic.sentPerSecond].sort(([a], [b]) => a.localeCompare(b))),
    faults: faultSpans(journal, moves),
    bus_per_node: perNode,
    failovers: failovers.map((f) => ({
      failed: f.failed,
      promoted: f.promoted,
      fault: f.fault,
      fault_ms: ms(f.faultUs),
      first_pfail_ms: ms(f.firstPfailUs),
      first_fail_ms: ms(f.firstFailUs),
      election_ms: ms(f.electionUs),
      promoted_ms: ms(f.promotedUs),
      converged_ms: ms(f.convergedUs),
      available_ms: ms(f.availableUs),
      epoch: f.epoch,
      intervals_ms: intervals(f),
    })),
    ...(outage ? { outage } : {}),
    ...(moves.length > 0 ? { reshards: moves.map((r) => ({ from: r.from, to: r.to, at_ms: ms(r.atUs) as number, done_ms: ms(r.doneUs), slots: r.slots, keys: r.keys })) } : {}),
    ...(workload ? { workload } : {}),
    expectations,
    warnings: warnings(journal),
    passed: expectations.every((e) => e.passed || !e.reached),
  };
}
