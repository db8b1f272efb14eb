import { RandomStream } from '../engine/random';
import { CRON_CYCLE_US } from '../redis/constants';
import { Scenario } from '../scenario/types';

/**
 * How far apart processes started together (by one script, as `sim real` and most set-ups start a
 * cluster) tick. Measured with tcpdump in a `sim real` trial of fail-C: after the kill, the other
 * five nodes' reconnect SYNs to C come in one burst per tick, spanning 1.1 to 4.6 ms (p10-p90,
 * median 2.7, 300 ticks); five draws within 4 ms span 2.7 ms on average.
 */
export const TOGETHER_SPREAD_US = 4000;

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
