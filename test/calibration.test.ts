import { compare, readRealTrials, simulateFailC } from '../src/calibrate/calibration';
import { compareRecovery } from '../src/calibrate/recovery';

/**
 * Fidelity: fail-C over 200 seeds against 35 trials on a real Redis 7.0.15 cluster. Each milestone's
 * simulated median is within 10% of the real median and its 10th-90th percentile band lies inside
 * the real min-max widened by 10%.
 */
describe('calibration against real Redis 7.0.15', () => {
  const rows = compare(readRealTrials(), simulateFailC(Array.from({ length: 200 }, (_, i) => i + 1)));
  test.each(rows.map((r) => [r.milestone, r] as const))('%s matches the real cluster', (_name, r) => {
    expect(Math.abs(r.medianError)).toBeLessThanOrEqual(0.1);
    expect(r.sim.p10).toBeGreaterThanOrEqual(r.bandLow);
    expect(r.sim.p90).toBeLessThanOrEqual(r.bandHigh);
  });
});

/**
 * What follows a fault, against the real recovery figures. The figures the model does not yet match
 * are listed (README, "after the fault"): the rest must stay within the rule, and a listed one that
 * comes within it should leave the list.
 */
const NOT_YET_MATCHED = new Set([
  'restart-failed-master.yaml: S4: all 6 nodes see C as slave of C1, no fail flag',
  'manual-failover-default.yaml: C reconfigures itself as replica of C1 (log)',
  'manual-failover-default.yaml: all 6 nodes see C as slave of C1',
  'manual-failover-default.yaml: C replication link up (ROLE connected)',
  ...['C1 starts election (log)', 'C1 wins election (log)', 'C reconfigures itself as replica of C1 (log)', "all 6 nodes see C1 master of C's slots", 'C replication link up (ROLE connected)'].map((r) => `manual-failover-force.yaml: ${r}`),
  ...['C reconfigures itself as replica of C1 (log)', "all 6 nodes see C1 master of C's slots", 'all 6 nodes see C as slave of C1', 'C replication link up (ROLE connected)'].map((r) => `manual-failover-takeover.yaml: ${r}`),
]);

describe('after the fault, against real Redis 7.0.15', () => {
  const rows = compareRecovery(Array.from({ length: 100 }, (_, i) => i + 1));
  test.each(rows.map((r) => [`${r.figure.scenario}: ${r.figure.row}`, r] as const))('%s', (name, r) => {
    expect(r.sim.count).toBeGreaterThan(0);
    expect(r.passed).toBe(!NOT_YET_MATCHED.has(name));
  });
});
