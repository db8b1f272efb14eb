import { readFileSync } from 'fs';
import { join } from 'path';
import { analyze } from '../report/analyze';
import { loadScenario } from '../scenario/load';
import { runScenario } from '../sim/run';
import { distribution } from '../stats/distribution';
import { judge, Verdict } from './verdict';

/**
 * Fidelity check against a real Redis 7.0.15 cluster: fail-C over many seeds, compared milestone by
 * milestone with the 35 real trials in calibration/. A milestone passes when the simulated median is
 * within 10% of the real median and the simulated 10th-90th percentile band lies inside the real
 * min-max widened by 10%.
 */
export const MILESTONES = ['first_pfail_ms', 'first_fail_ms', 'promoted_ms', 'converged_ms'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const REAL_DATA = join(__dirname, '..', '..', 'calibration', 'real-redis-7.0.15-fail-C-nt5000.csv');
export const FAIL_C = join(__dirname, '..', '..', 'scenarios', 'fail-C.yaml');

export interface MilestoneComparison extends Verdict {
  milestone: Milestone;
}

export function readRealTrials(file = REAL_DATA): Record<Milestone, number[]> {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const out = Object.fromEntries(MILESTONES.map((m) => [m, [] as number[]])) as Record<Milestone, number[]>;
  for (const row of rows) for (const m of MILESTONES) out[m].push(Number(row[header.indexOf(m)]));
  return out;
}

/** Milestones of fail-C (ms after the crash) for each seed. */
export function simulateFailC(seeds: readonly number[], file = FAIL_C): Record<Milestone, number[]> {
  const out = Object.fromEntries(MILESTONES.map((m) => [m, [] as number[]])) as Record<Milestone, number[]>;
  for (const seed of seeds) {
    const summary = analyze(runScenario(loadScenario(file, seed)).journal);
    const f = summary.failovers[0];
    if (!f || f.fault_ms === null) continue;
    for (const m of MILESTONES) {
      const v = f[m];
      if (v !== null) out[m].push(v - f.fault_ms);
    }
  }
  return out;
}

export function compare(real: Record<Milestone, number[]>, sim: Record<Milestone, number[]>): MilestoneComparison[] {
  return MILESTONES.map((milestone) => {
    const r = distribution(real[milestone]);
    return { milestone, ...judge({ n: r.count, min: r.min, p50: r.p50, p90: r.p90, max: r.max }, distribution(sim[milestone])) };
  });
}

export function formatComparison(rows: MilestoneComparison[], seeds: string): string {
  const f = (x: number): string => x.toFixed(0).padStart(6);
  const lines = [
    `fail-C, cluster-node-timeout 5000: real Redis 7.0.15 (${rows[0].real.n} trials) vs simulation (${seeds} seeds), ms after the crash`,
    'milestone        real min   p50    max | sim p10   p50    p90 | median err | band (real range ±10%)  ok',
  ];
  for (const r of rows) {
    lines.push(
      `${r.milestone.padEnd(15)} ${f(r.real.min)} ${f(r.real.p50)} ${f(r.real.max)} | ${f(r.sim.p10)} ${f(r.sim.p50)} ${f(r.sim.p90)} | ${(r.medianError * 100).toFixed(1).padStart(6)}%    | ${f(r.bandLow)} - ${f(r.bandHigh)}      ${r.passed ? 'yes' : 'NO'}`,
    );
  }
  return lines.join('\n');
}
