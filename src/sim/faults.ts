import { applyAction } from '../faults/apply';
import { Undo } from '../faults/fault';
import { ScheduledAction } from '../scenario/types';
import { WorldFaultTarget } from './faultTarget';
import { World } from './world';

/**
 * Fault injection and operator actions, applied to the world at their scheduled times. Faults act on
 * processes and the network only; the node model learns of them the way a real node would.
 */
export function scheduleActions(world: World, schedule: ScheduledAction[]): void {
  const target = new WorldFaultTarget(world);
  const undos = new Map<number, Undo>();
  for (const item of schedule) world.sim.at(item.atUs, () => applyAction(item, target, world.journal, undos));
}
