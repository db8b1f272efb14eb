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
  const world = new World(scenario, seed, { traceMessages: options.traceMessages });
  world.boot();
  scheduleActions(world, scenario.schedule);
  world.run(options.untilUs ?? scenario.durationUs);
  return world;
}
