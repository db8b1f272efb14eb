import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { writeWhole } from '../report/files';
import { InputError } from '../scenario/errors';
import { Scenario, Tolerance } from '../scenario/types';
import { ScenarioStats } from '../sweep/aggregate';

/** The percentiles a baseline keeps per interval. */
export const CHECKED_PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** results/baselines/<scenario>.json: the seeds used and, per interval, percentiles and tolerance. */
export interface Baseline {
  scenario: string;
  seeds: string;
  passed: number;
  intervals: Record<string, { count: number; p50: number; p90: number; p99: number; tolerance: { relative: number; absolute_ms: number } }>;
}

export const DEFAULT_BASELINE_DIR = join('results', 'baselines');

export function baselinePath(dir: string, scenario: string): string {
  return join(dir, `${scenario}.json`);
}

export function readBaseline(dir: string, scenario: string): Baseline | null {
  const file = baselinePath(dir, scenario);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Baseline;
  } catch (e) {
    throw new InputError([{ file, line: 1, column: 1, message: `expected a baseline written by sim check --update-baseline: ${(e as Error).message}` }]);
  }
}

export function toleranceFor(scenario: Scenario, interval: string): Tolerance {
  const base = interval.replace(/^f\d+_/, '');
  return scenario.check.intervals[interval] ?? scenario.check.intervals[base] ?? scenario.check.tolerance;
}

export function makeBaseline(stats: ScenarioStats, scenario: Scenario, seeds: string): Baseline {
  const intervals: Baseline['intervals'] = {};
  for (const [name, d] of Object.entries(stats.intervals)) {
    const t = toleranceFor(scenario, name);
    intervals[name] = { count: d.count, p50: d.p50, p90: d.p90, p99: d.p99, tolerance: { relative: t.relative, absolute_ms: t.absoluteMs } };
  }
  return { scenario: stats.scenario, seeds, passed: stats.passed, intervals };
}

export function writeBaseline(dir: string, b: Baseline): void {
  writeWhole(baselinePath(dir, b.scenario), JSON.stringify(b, null, 2) + '\n');
}

