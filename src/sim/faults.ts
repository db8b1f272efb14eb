import { Undo } from '../faults/fault';
import { kindOf, occurrence } from '../faults/registry';
import { ScheduledAction } from '../scenario/types';
import { WorldFaultTarget } from './faultTarget';
import { World } from './world';

/**
 * Fault injection and operator actions, applied to the world at their scheduled times. Faults act on
 * processes and the network only; the node model learns of them the way a real node would. Each
 * occurrence keeps what undoes it, so its `for:` undo restores exactly what it replaced.
 */
export function scheduleActions(world: World, schedule: ScheduledAction[]): void {
  const target = new WorldFaultTarget(world);
  const undos = new Map<number, Undo>();
  for (const item of schedule) {
    world.sim.at(item.atUs, () => {
      const kind = kindOf(item.fault);
      const params = item.fault.params;
      const { label, nodes, effect } = occurrence(item.fault, item.undo, target.nodeNames);
      // A fault on a process in a state it does not act on does nothing: it is said, and blamed for nothing.
      const ignored = effect ? nodes.filter((n) => !effect.accepts.includes(target.state(n))) : [];
      const acted = nodes.filter((n) => !ignored.includes(n));
      const detail = { kind: kind.key, label, nodes: acted, occurrence: item.occurrence, undo: item.undo, cause: !item.undo && kind.cause };
      world.journal.event(world.sim.now(), '-', kind.category, acted.join(','), '', detail);
      for (const n of ignored) world.journal.event(world.sim.now(), '-', 'fault_ignored', n, '', { label, state: target.state(n) });
      if (!item.undo) {
        const done = kind.apply(target, params);
        if (done) undos.set(item.occurrence, done);
      } else {
        undos.get(item.occurrence)?.();
        undos.delete(item.occurrence);
      }
    });
  }
}
