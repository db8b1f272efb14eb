import { World } from '../sim/world';
import { checkExpectations } from './expectations';
import { findFailovers } from './failovers';
import { buildSummary, Summary } from './summary';
import { Timeline } from './timeline';

/** Everything reports need from a finished run. */
export function analyze(world: World): Summary {
  const timeline = new Timeline(world);
  const failovers = findFailovers(world, timeline);
  return buildSummary(world, failovers, checkExpectations(world, timeline, failovers));
}
