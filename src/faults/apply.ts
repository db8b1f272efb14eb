import { Journal } from '../journal/journal';
import { ScheduledAction } from '../scenario/types';
import { FaultTarget, Undo } from './fault';
import { kindOf, occurrence } from './registry';

/**
 * Apply one scheduled fault or operator action (or its undo) to `target` and journal it, for the
 * simulation and for a real cluster alike. Each occurrence keeps, in `undos`, what undoes it, so its
 * `for:` undo restores exactly what it replaced.
 */
export function applyAction(item: ScheduledAction, target: FaultTarget, journal: Journal, undos: Map<number, Undo>): void {
  const kind = kindOf(item.fault);
  const { label, nodes, effect } = occurrence(item.fault, item.undo, target.nodeNames);
  // A fault on a process in a state it does not act on does nothing: it is said, and blamed for nothing.
  const ignored = effect ? nodes.filter((n) => !effect.accepts.includes(target.state(n))) : [];
  const acted = nodes.filter((n) => !ignored.includes(n));
  const now = target.now();
  const detail = { kind: kind.key, label, nodes: acted, occurrence: item.occurrence, undo: item.undo, cause: !item.undo && kind.cause };
  journal.event(now, '-', kind.category, acted.join(','), '', detail);
  for (const n of ignored) journal.event(now, '-', 'fault_ignored', n, '', { label, state: target.state(n) });
  if (!item.undo) {
    const done = kind.apply(target, item.fault.params);
    if (done) undos.set(item.occurrence, done);
  } else {
    undos.get(item.occurrence)?.();
    undos.delete(item.occurrence);
  }
}
