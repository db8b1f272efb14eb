import { Micros } from '../engine/time';
import { Scenario } from '../scenario/types';
import { scheduleActions } from './faults';
import { World } from './world';

export interface RunOptions {
  seed?: number;
  untilUs?: Micros;
  traceMessages?: boolean;
}

/** Build the world for `scenario`, inject its schedule, and run it to its end (or `untilUs`). */
export function runScenario(scenario: Scenario, options: RunOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const until = options.untilUs ?? scenario.durationUs;
  if (!Number.isFinite(until) || until < 0) throw new RangeError(`runScenario: untilUs must be a finite time >= 0, found ${until}`);
  const world = new World(scenario, seed, { traceMessages: options.traceMessages });
  world.boot();
  scheduleActions(world, scenario.schedule);
  world.run(until);
  return world;
}
