import { formatSeconds, Micros } from '../engine/time';
import { CLUSTER_SLOTS } from '../redis/slotSet';
import { Expectation } from '../scenario/types';
import { Journal, SlotMap } from '../journal/journal';
import { Failover } from './failovers';
import { Timeline } from './timeline';
import { RangeReport, slotRanges, slotsReport, WorkloadReport } from './workload';
import { scopeText } from '../scenario/expectations';

export interface ExpectationResult {
  expectation: string;
  passed: boolean;
  /** False when the run stopped (--until) before the time the expectation is about: it was not judged. */
  reached: boolean;
  /** What happened, with times. */
  observed: string;
}

/** Check each expectation against the finished run. */
export function checkExpectations(journal: Journal, timeline: Timeline, failovers: Failover[], workload: WorkloadReport | null = null): ExpectationResult[] {
  const endUs = journal.end.timeUs;
  return journal.scenario.expectations.map((e) => {
    const { passed, observed } = check(e, journal, timeline, failovers, workload);
    const due = dueUs(e, journal.scenario.durationUs);
    if (due <= endUs || settledEarly(e, passed, failovers)) return { expectation: e.text, passed, reached: true, observed };
    return { expectation: e.text, passed: false, reached: false, observed: `not reached: the run stopped at ${at(endUs)}, before ${at(due)}` };
  });
}

/** The time an expectation is about. */
function dueUs(e: Expectation, durationUs: Micros): Micros {
  if ('byUs' in e) return e.byUs;
  if (e.kind === 'no-failover') return e.beforeUs;
  return durationUs;
}

/** A run cut short can still settle some expectations: a failover seen, or a FAIL or failover that should never happen. */
function settledEarly(e: Expectation, passed: boolean, failovers: Failover[]): boolean {
  if (e.kind === 'failover') return failovers.some((f) => e.failed === null || f.failed === e.failed);
  return (e.kind === 'no-failover' || e.kind === 'no-fail') && !passed;
}

type Outcome = { passed: boolean; observed: string };
const at = formatSeconds;


function check(e: Expectation, journal: Journal, timeline: Timeline, failovers: Failover[], workload: WorkloadReport | null): Outcome {
  switch (e.kind) {
    case 'lost-writes':
    case 'stale-reads':
    case 'unavailable':
    case 'writes-succeed':
      return checkWorkload(e, workload as WorkloadReport, journal);
    case 'failover':
      return checkFailover(e, failovers);
    case 'no-failover': {
      const f = failovers.find((x) => x.promotedUs < e.beforeUs);
      return f ? { passed: false, observed: `${f.promoted} replaced ${f.failed} at ${at(f.promotedUs)} (epoch ${f.epoch})` } : { passed: true, observed: 'no failover' };
    }
    case 'no-fail': {
      const f = journal.events.find((x) => x.event === 'fail_set');
      return f ? { passed: false, observed: `${f.node} flagged ${f.subject} FAIL at ${at(f.timeUs)}` } : { passed: true, observed: 'no FAIL flag was ever set' };
    }
    case 'role':
      return checkRole(e, timeline);
    case 'cluster-state':
      return checkClusterState(e, timeline);
    case 'slots-agree':
      return checkSlotsAgree(journal, timeline);
    case 'fail-flag':
      return checkFailFlag(e, journal, timeline);
    case 'replicas': {
      const replicas = timeline.liveNodes(e.byUs).filter((n) => timeline.viewAt(n, e.byUs)?.master === e.node);
      return { passed: replicas.length >= e.atLeast, observed: `${e.node} has ${replicas.length} live replica(s) at ${at(e.byUs)}${replicas.length ? `: ${replicas.join(', ')}` : ''}` };
    }
  }
}

function checkFailover(e: Extract<Expectation, { kind: 'failover' }>, failovers: Failover[]): Outcome {
  const mine = failovers.filter((f) => e.failed === null || f.failed === e.failed);
  if (mine.length === 0) return { passed: false, observed: `no replica took over ${e.failed ?? 'any master'}'s slots` };
  const f = mine[0];
  if (e.promoted && f.promoted !== e.promoted) return { passed: false, observed: `${f.promoted}, not ${e.promoted}, took over at ${at(f.promotedUs)}` };
  const took = f.promotedUs - (f.faultUs ?? 0);
  const observed = `${f.promoted} took over ${f.failed}'s slots at ${at(f.promotedUs)}, ${at(took)} after ${f.fault ?? 'the start'} (epoch ${f.epoch})`;
  return { passed: took <= e.withinUs, observed };
}

function checkRole(e: Extract<Expectation, { kind: 'role' }>, timeline: Timeline): Outcome {
  const v = timeline.viewAt(e.node, e.byUs);
  if (!v || v.role === 'down') return { passed: false, observed: `${e.node} is down at ${at(e.byUs)}` };
  const desc = v.role === 'master' ? 'a master' : `a replica of ${v.master}`;
  const passed = v.role === e.role && (e.replicaOf === null || v.master === e.replicaOf);
  return { passed, observed: `${e.node} is ${desc} at ${at(e.byUs)} (since ${at(v.timeUs)})` };
}

function checkClusterState(e: Extract<Expectation, { kind: 'cluster-state' }>, timeline: Timeline): Outcome {
  const nodes = e.nodes === 'live' ? timeline.liveNodes(e.byUs) : e.nodes;
  const wrong = nodes.filter((n) => timeline.viewAt(n, e.byUs)?.state !== e.state);
  const who = nodes.length > 8 ? `${nodes.length} nodes` : nodes.join(', ');
  if (wrong.length === 0) return { passed: true, observed: `${e.state} on ${who} at ${at(e.byUs)}` };
  const states = wrong.slice(0, 8).map((n) => `${n}=${timeline.viewAt(n, e.byUs)?.state || 'down'}`).join(', ') + (wrong.length > 8 ? `, and ${wrong.length - 8} more` : '');
  return { passed: false, observed: `at ${at(e.byUs)}: ${states}` };
}

/** At the end, every live node's table gives each of the 16384 slots the same owner. */
function checkSlotsAgree(journal: Journal, timeline: Timeline): Outcome {
  const end: Micros = journal.end.timeUs;
  const live = new Set(timeline.liveNodes(end));
  const maps = journal.end.slotMaps.filter((m) => live.has(m.node));
  if (maps.length === 0) return { passed: false, observed: 'no live node at the end' };
  const ref = maps[0];
  const unassigned = CLUSTER_SLOTS - ref.owners.reduce((n, o) => n + o.slots.count, 0);
  if (unassigned > 0) return { passed: false, observed: `${ref.node} has ${unassigned} slots without owner` };
  const refKey = mapKey(ref);
  for (const m of maps.slice(1)) {
    if (mapKey(m) === refKey) continue;
    const [a, b] = [ownerOfSlot(ref), ownerOfSlot(m)];
    const slot = a.findIndex((o, i) => o !== b[i]);
    return { passed: false, observed: `slot ${slot}: ${ref.node} says ${a[slot] || 'none'}, ${m.node} says ${b[slot] || 'none'}` };
  }
  return { passed: true, observed: `${maps.length} live nodes agree on all ${CLUSTER_SLOTS} slots` };
}

/** A slot map as one string, the same for maps that agree whatever their table order. */
function mapKey(m: SlotMap): string {
  return m.owners.map((o) => `${o.owner}=${o.slots.key}`).sort().join(' ');
}

function ownerOfSlot(m: SlotMap): string[] {
  const owners = new Array<string>(CLUSTER_SLOTS).fill('');
  for (const o of m.owners) o.slots.forEach((s) => (owners[s] = o.owner));
  return owners;
}

function checkFailFlag(e: Extract<Expectation, { kind: 'fail-flag' }>, journal: Journal, timeline: Timeline): Outcome {
  const observers = timeline.liveNodes(e.byUs).filter((n) => n !== e.node);
  const flagged = observers.filter((o) => {
    const last = [...journal.events].reverse().find((x) => x.timeUs <= e.byUs && x.node === o && x.subject === e.node && (x.event === 'fail_set' || x.event === 'fail_cleared'));
    return last?.event === 'fail_set';
  });
  const passed = e.set ? flagged.length === observers.length : flagged.length === 0;
  const observed = flagged.length ? `flagged FAIL at ${at(e.byUs)} by ${flagged.join(', ')}` : `no live node flags ${e.node} FAIL at ${at(e.byUs)}`;
  return { passed, observed };
}

type WorkloadExpectation = Extract<Expectation, { kind: 'lost-writes' | 'stale-reads' | 'unavailable' | 'writes-succeed' }>;

function checkWorkload(e: WorkloadExpectation, w: WorkloadReport, journal: Journal): Outcome {
  const { of, slots } = e.scope;
  const r = (of ? w.by_master[of] : slots ? slotsReport(journal, slots) : w.total) as RangeReport;
  const where = of || slots ? scopeText(e.scope) : 'overall';
  switch (e.kind) {
    case 'lost-writes':
      return { passed: r.lost_writes <= e.atMost, observed: `${r.lost_writes} acknowledged write(s) lost ${where} (of ${r.writes.ok} acknowledged)` };
    case 'stale-reads':
      return { passed: r.stale_reads <= e.atMost, observed: `${r.stale_reads} stale read(s) ${where} (of ${r.reads.ok} answered)` };
    case 'unavailable': {
      if (r.unavailable_ms === null) return { passed: true, observed: `no write ${where} failed after the first fault` };
      const observed = `writes ${where} unavailable for ${at(r.unavailable_ms * 1000)}${r.recovered ? '' : ', and not back by the end'}`;
      return { passed: r.recovered && r.unavailable_ms * 1000 <= e.atMostUs, observed };
    }
    case 'writes-succeed': {
      const { masters, groupOf } = slotRanges(journal.scenario);
      const mine = (slot: number): boolean => (of ? masters[groupOf[slot]]?.name === of : slots ? slots.has(slot) : true);
      const ops = (journal.end.workload?.ops ?? []).filter((o) => o.kind === 'write' && o.invokeUs >= e.byUs && o.outcome !== 'pending' && mine(o.slot));
      const bad = ops.find((o) => o.outcome !== 'ok');
      if (bad) return { passed: false, observed: `a write invoked at ${at(bad.invokeUs)} ended ${bad.outcome}${bad.error ? ` (${bad.error})` : ''}` };
      return { passed: ops.length > 0, observed: ops.length > 0 ? `all ${ops.length} writes ${where} invoked from ${at(e.byUs)} on succeeded` : `no write ${where} completed after ${at(e.byUs)}` };
    }
  }
}
