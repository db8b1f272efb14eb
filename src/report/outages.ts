import { Micros } from '../engine/time';
import { EventName, EventRecord, Journal } from '../journal/journal';
import { Failover } from './failovers';

/** The faults that take a node's process away (a cut names every node it touches, not only the one cut off). */
const OUTAGE_KINDS: ReadonlySet<string> = new Set(['crash', 'shutdown', 'pause']);
/** What brings it back. */
const RETURN_KINDS: ReadonlySet<string> = new Set(['restart', 'resume']);

/**
 * The run's first outage that no failover followed: a node crashed, shut down or paused and not
 * replaced after it. When the others flag it PFAIL and FAIL, and, after it returns (restart,
 * resume, or the pause's own end), when the last of them cleared the flag.
 */
export interface Outage {
  node: string;
  fault: string;
  faultUs: Micros;
  pfailUs: Micros | null;
  failUs: Micros | null;
  returnedUs: Micros | null;
  clearedUs: Micros | null;
}

export function firstOutage(journal: Journal, failovers: Failover[]): Outage | null {
  const events = journal.events;
  const changes = events.filter((e): e is EventRecord<'fault' | 'action'> => e.event === 'fault' || e.event === 'action');
  for (const f of changes) {
    if (f.detail.undo || !OUTAGE_KINDS.has(f.detail.kind)) continue;
    const node = f.detail.nodes.find((n) => !failovers.some((o) => o.failed === n && o.promotedUs >= f.timeUs));
    if (node === undefined) continue;
    const later = changes.filter((e) => e.timeUs > f.timeUs && e.detail.nodes.includes(node));
    const back = later.find((e) => (e.detail.undo ? e.detail.occurrence === f.detail.occurrence : RETURN_KINDS.has(e.detail.kind)));
    const returnedUs = back?.timeUs ?? null;
    // Until the node's next outage: a later crash's flags are not this one's.
    const untilUs = later.find((e) => !e.detail.undo && OUTAGE_KINDS.has(e.detail.kind))?.timeUs ?? Infinity;
    const about = (name: EventName, from: Micros): EventRecord[] => events.filter((e) => e.event === name && e.subject === node && e.timeUs >= from && e.timeUs < untilUs);
    const failCleared = returnedUs === null ? [] : about('fail_cleared', returnedUs);
    const cleared = failCleared.length > 0 || returnedUs === null ? failCleared : about('pfail_cleared', returnedUs);
    return {
      node,
      fault: f.detail.label,
      faultUs: f.timeUs,
      pfailUs: about('pfail_set', f.timeUs)[0]?.timeUs ?? null,
      failUs: about('fail_set', f.timeUs)[0]?.timeUs ?? null,
      returnedUs,
      clearedUs: cleared.at(-1)?.timeUs ?? null,
    };
  }
  return null;
}
