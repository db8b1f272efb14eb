import { Micros } from '../engine/time';
import { Journal, ViewRow } from '../journal/journal';

/** Questions about the state of the run at a given virtual time, answered from the journal. */
export class Timeline {
  private readonly viewsByNode = new Map<string, ViewRow[]>();

  constructor(private readonly journal: Journal) {
    for (const v of journal.views) {
      const list = this.viewsByNode.get(v.node) ?? [];
      list.push(v);
      this.viewsByNode.set(v.node, list);
    }
  }

  get nodeNames(): string[] {
    return this.journal.scenario.nodes.map((n) => n.name);
  }

  /** A node's own view as it stood at `t` (its last change at or before `t`). */
  viewAt(node: string, t: Micros): ViewRow | undefined {
    const views = this.viewsByNode.get(node) ?? [];
    let lo = 0;
    let hi = views.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (views[mid].timeUs <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? views[lo - 1] : undefined;
  }

  /** Whether the node's process is running (not crashed, not paused) at `t`. */
  isLive(node: string, t: Micros): boolean {
    let state = 'running';
    for (const e of this.journal.processes) {
      if (e.timeUs > t) break;
      if (e.node === node) state = e.state;
    }
    return state === 'running';
  }

  liveNodes(t: Micros): string[] {
    return this.nodeNames.filter((n) => this.isLive(n, t));
  }

  /** Times at which any process changed state, after `from`. */
  processChangesAfter(from: Micros): Micros[] {
    return this.journal.processes.filter((e) => e.timeUs > from).map((e) => e.timeUs);
  }
}
