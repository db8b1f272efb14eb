import { readFileSync } from 'fs';
import { join } from 'path';
import { csv, writeDirectory } from '../report/files';
import { InputError } from '../scenario/errors';
import { aggregate, intervalOrder, ScenarioStats, sortRows } from './aggregate';
import { intervalKey, SweepRow } from './row';
import { figureColumn } from '../scenario/intervals';
import { TOOL } from '../version';

/** sweep.json: per-scenario statistics, and every row so shards can be merged. */
export interface SweepResult {
  tool: string;
  scenarios: ScenarioStats[];
  rows: SweepRow[];
}

export function buildResult(rows: SweepRow[]): SweepResult {
  const sorted = sortRows(rows);
  return { tool: `${TOOL.name} ${TOOL.version}`, scenarios: aggregate(sorted), rows: sorted };
}

const SWEEP_FILES = ['sweep.csv', 'sweep.json', 'report.html'];

/** Write sweep.csv and sweep.json (and `extra` files, such as report.html) into `dir`, as one whole. */
export function writeSweep(dir: string, result: SweepResult, extra: [string, string][] = []): void {
  const names = [...new Set(result.rows.flatMap((r) => Object.keys(r.intervals)))].sort(intervalOrder);
  const most = Math.max(1, ...result.rows.map((r) => r.promoted.length));
  const promoted = Array.from({ length: most }, (_, k) => intervalKey('promoted', k + 1));
  const columns = ['scenario', 'seed', 'passed', 'failed_expectations', 'failovers', ...promoted, ...names.map(figureColumn), 'bus_messages', 'bus_bytes', 'events'];
  const rows = result.rows.map((r) => [
    r.scenario,
    r.seed,
    r.passed ? 1 : 0,
    r.failed_expectations.join('; '),
    r.failovers,
    ...promoted.map((_, k) => r.promoted[k] ?? ''),
    ...names.map((n) => r.intervals[n] ?? ''),
    r.bus_messages,
    r.bus_bytes,
    r.events,
  ]);
  writeDirectory(
    dir,
    [
      ['sweep.csv', csv(columns, rows)],
      ['sweep.json', JSON.stringify(result, null, 2) + '\n'],
      ...extra,
    ],
    SWEEP_FILES,
  );
}

/** Read the rows of a sweep directory (for `sim merge`, `sim check --from`, `sim report`). */
export function readSweepRows(dir: string): SweepRow[] {
  const file = join(dir, 'sweep.json');
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as SweepResult;
    if (!Array.isArray(data.rows)) throw new Error('no rows');
    return data.rows;
  } catch (e) {
    throw new InputError([{ file, line: 1, column: 1, message: `expected a sweep.json written by sim sweep: ${(e as Error).message}` }]);
  }
}
