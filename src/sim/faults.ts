import { Undo } from '../faults/fault';
import { kindOf } from '../faults/registry';
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
      const undo = item.undo ? kind.undo : undefined;
      const name = undo ? undo.name : (kind.name ?? kind.key);
      const detail = undo
        ? { label: undo.label(params), nodes: undo.nodes(params), cause: undo.cause }
        : { label: kind.label(params), nodes: kind.nodes(params, target.nodeNames), cause: kind.cause };
      world.journal.event(world.sim.now(), '-', kind.category, name, '', detail);
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
