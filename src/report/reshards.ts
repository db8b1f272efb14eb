import { Micros } from '../engine/time';
import { EventRecord, Journal } from '../journal/journal';

/** One reshard as the run did it: from its action until redis-cli's last reply (null: it did not finish). */
export interface Reshard {
  occurrence: number;
  from: string;
  to: string;
  atUs: Micros;
  doneUs: Micros | null;
  slots: number;
  keys: number;
}

/** Each reshard action with the first `reshard_done` after it between the same nodes. */
export function reshards(journal: Journal): Reshard[] {
  const done = journal.events.filter((e): e is EventRecord<'reshard_done'> => e.event === 'reshard_done');
  const used = new Set<EventRecord<'reshard_done'>>();
  return journal.events
    .filter((e): e is EventRecord<'action'> => e.event === 'action' && e.detail.kind === 'reshard')
    .map((a) => {
      const [from, to] = a.detail.nodes;
      const d = done.find((e) => !used.has(e) && e.timeUs >= a.timeUs && e.detail.from === from && e.detail.to === to);
      if (d) used.add(d);
      return { occurrence: a.detail.occurrence, from, to, atUs: a.timeUs, doneUs: d?.timeUs ?? null, slots: d?.detail.slots ?? 0, keys: d?.detail.keys ?? 0 };
    });
}
