import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { writeWhole } from '../report/files';
import { SourceDocument } from '../scenario/document';
import { InputError } from '../scenario/errors';
import { compileSchema, problemsAgainst } from '../scenario/validate';
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

const figure = { type: 'number' };
const validateBaseline = compileSchema({
  type: 'object',
  additionalProperties: false,
  required: ['scenario', 'seeds', 'passed', 'intervals'],
  properties: {
    scenario: { type: 'string' },
    seeds: { type: 'string' },
    passed: { type: 'integer', minimum: 0 },
    intervals: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['count', ...CHECKED_PERCENTILES, 'tolerance'],
        properties: {
          count: { type: 'integer', minimum: 0 },
          ...Object.fromEntries(CHECKED_PERCENTILES.map((p) => [p, figure])),
          tolerance: {
            type: 'object',
            additionalProperties: false,
            required: ['relative', 'absolute_ms'],
            properties: { relative: { type: 'number', minimum: 0 }, absolute_ms: { type: 'number', minimum: 0 } },
          },
        },
      },
    },
  },
});

/** The baseline of `scenario` in `dir`, null if there is none; one of the wrong shape is bad input, with its position. */
export function readBaseline(dir: string, scenario: string): Baseline | null {
  const file = baselinePath(dir, scenario);
  if (!existsSync(file)) return null;
  const doc = new SourceDocument(file, readFileSync(file, 'utf8'), 'JSON');
  const problems = problemsAgainst(validateBaseline, doc).map((p) => ({ ...p, message: `expected a baseline written by sim check --update-baseline: ${p.message}` }));
  if (problems.length > 0) throw new InputError(problems);
  return doc.data as Baseline;
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

