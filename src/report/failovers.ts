import { Micros } from '../engine/time';
import { AnyEvent, EventRecord, Journal } from '../journal/journal';
import { Timeline } from './timeline';

/** One failover as the journal tells it: when each milestone was first reached (virtual µs). */
export interface Failover {
  failed: string;
  promoted: string;
  epoch: number;
  fault: string | null;
  faultUs: Micros | null;
  firstPfailUs: Micros | null;
  firstFailUs: Micros | null;
  electionUs: Micros | null;
  promotedUs: Micros;
  /** Every live node knows the new owner of the failed slots. */
  convergedUs: Micros | null;
  /** Converged and cluster_state ok on every live node: clients can use the slots again. */
  availableUs: Micros | null;
}

/** Every master replacement in the run, with its milestones measured from the fault that caused it. */
export function findFailovers(journal: Journal, timeline: Timeline): Failover[] {
  const events = journal.events;
  const faults = events.filter((e): e is EventRecord<'fault' | 'action'> => e.event === 'fault' || e.event === 'action');
  return events
    .filter((e) => e.event === 'master_replaced')
    .map((won) => {
      const failed = won.subject;
      const promoted = won.node;
      const promotedUs = won.timeUs;
      const cause = [...faults].reverse().find((f) => f.timeUs <= promotedUs && f.detail.cause && (f.detail.nodes.includes(failed) || f.detail.nodes.includes(promoted)));
      const faultUs = cause ? cause.timeUs : null;
      const since = faultUs ?? 0;
      const first = (pred: (e: AnyEvent) => boolean): Micros | null => events.find((e) => e.timeUs >= since && e.timeUs <= promotedUs && pred(e))?.timeUs ?? null;
      const election = [...events].reverse().find((e) => e.timeUs <= promotedUs && e.node === promoted && e.event === 'election_started');
      const convergedUs = convergence(journal, timeline, promoted, promotedUs);
      return {
        failed,
        promoted,
        epoch: Number(won.epoch),
        fault: cause ? cause.detail.label : null,
        faultUs,
        firstPfailUs: first((e) => e.event === 'pfail_set' && e.subject === failed),
        firstFailUs: first((e) => e.event === 'fail_set' && e.subject === failed),
        electionUs: election ? election.timeUs : null,
        promotedUs,
        convergedUs,
        availableUs: convergedUs === null ? null : allOk(journal, timeline, convergedUs),
      };
    });
}

/** The first time at or after `from` when every live node has bound the promoted node's slots. */
function convergence(journal: Journal, timeline: Timeline, promoted: string, from: Micros): Micros | null {
  const learned = new Map<string, Micros>([[promoted, from]]);
  for (const e of journal.events) {
    if (e.timeUs >= from && e.event === 'slots_changed' && e.subject === promoted && !learned.has(e.node)) learned.set(e.node, e.timeUs);
  }
  const candidates = [...new Set([...learned.values(), ...timeline.processChangesAfter(from)])].sort((a, b) => a - b);
  for (const t of candidates) {
    if (timeline.liveNodes(t).every((n) => (learned.get(n) ?? Infinity) <= t)) return t;
  }
  return null;
}

/** The first time at or after `from` when every live node reports cluster_state ok. */
function allOk(journal: Journal, timeline: Timeline, from: Micros): Micros | null {
  const candidates = [from, ...journal.views.filter((v) => v.timeUs > from).map((v) => v.timeUs), ...timeline.processChangesAfter(from)];
  for (const t of [...new Set(candidates)].sort((a, b) => a - b)) {
    if (timeline.liveNodes(t).every((n) => timeline.viewAt(n, t)?.state === 'ok')) return t;
  }
  return null;
}
