import { RandomStream } from '../engine/random';
import { CRON_CYCLE_US } from '../redis/constants';
import { Scenario } from '../scenario/types';

/**
 * How far apart processes started together (by one script, as `sim real` and most set-ups start a
 * cluster) begin to tick. Six redis-server 7.0.15 processes spawned by one loop on the 2-core
 * calibration machine logged "Ready to accept connections" within 5 to 22 ms of each other (10
 * starts, median span 15.5 ms); six draws over 21 ms span 15 ms on average. From there their phases
 * drift apart, as each tick's length is drawn on its own (startNode).
 */
export const TOGETHER_SPREAD_US = 21_000;

/**
 * Where in the cron cycle each of `hosts` processes started together stands: one shared draw, and
 * each process within TOGETHER_SPREAD_US after it. Processes started apart draw their own phase
 * (startNode), so this is null for them.
 */
export function startPhases(seed: number, hosts: number, start: Scenario['start']): number[] | null {
  if (start === 'apart') return null;
  const rng = RandomStream.derive(seed, 'cluster/start');
  const shared = rng.int(CRON_CYCLE_US);
  return Array.from({ length: hosts }, () => (shared + rng.int(TOGETHER_SPREAD_US)) % CRON_CYCLE_US);
}
