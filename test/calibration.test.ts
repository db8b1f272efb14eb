import { compare, readRealTrials, simulateFailC } from '../src/calibrate/calibration';

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
