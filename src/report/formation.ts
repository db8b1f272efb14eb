import { Micros } from '../engine/time';
import { Journal } from '../journal/journal';

/**
 * When the cluster first formed: the first moment every node reports cluster_state ok. Before it,
 * `fail` is the nodes starting up and meeting, not an outage, and analysis should not count it.
 */
export function formedAt(journal: Journal): Micros | null {
  const ok = new Map<string, boolean>();
  const all = journal.scenario.nodes.length;
  let okCount = 0;
  for (const v of journal.views) {
    const now = v.state === 'ok';
    if (now !== (ok.get(v.node) ?? false)) okCount += now ? 1 : -1;
    ok.set(v.node, now);
    if (okCount === all) return v.timeUs;
  }
  return null;
}
