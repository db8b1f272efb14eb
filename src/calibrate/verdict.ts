import { Distribution } from '../stats/distribution';

/** A real figure as the calibration files give it: trials, and min / median / p90 / max. */
export interface RealSummary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  max: number;
}

export interface Verdict {
  real: RealSummary;
  sim: Distribution;
  medianError: number;
  bandLow: number;
  bandHigh: number;
  passed: boolean;
}

/** The real figures' resolution: log lines carry whole milliseconds. */
export const RESOLUTION_MS = 1;

/**
 * The calibration rule: the simulated median within 10% of the real one (or within the real data's
 * 1 ms resolution), and the simulated p10-p90 band inside the real min-max widened by 10% of its span.
 */
export function judge(real: RealSummary, sim: Distribution): Verdict {
  const medianError = (sim.p50 - real.p50) / Math.abs(real.p50);
  const span = real.max - real.min;
  const bandLow = real.min - 0.1 * span;
  const bandHigh = real.max + 0.1 * span;
  // Compared in whole microseconds: 1.1 - 0.1 is a hair above 1 in floating point.
  const us = (x: number): number => Math.round(x * 1000);
  const medianOk = us(Math.abs(sim.p50 - real.p50)) <= us(Math.max(0.1 * Math.abs(real.p50), RESOLUTION_MS));
  const passed = sim.count > 0 && medianOk && us(sim.p10) >= us(bandLow - RESOLUTION_MS) && us(sim.p90) <= us(bandHigh + RESOLUTION_MS);
  return { real, sim, medianError, bandLow, bandHigh, passed };
}
