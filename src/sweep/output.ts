import { readFileSync } from 'fs';
import { join } from 'path';
import { csv, writeWhole } from '../report/files';
import { InputError } from '../scenario/errors';
import { aggregate, intervalOrder, ScenarioStats, sortRows } from './aggregate';
import { SweepRow } from './row';

/** sweep.json: per-scenario statistics, and every row so shards can be merged. */
export interface SweepResult {
  scenarios: ScenarioStats[];
  rows: SweepRow[];
}

export function buildResult(rows: SweepRow[]): SweepResult {
  const sorted = sortRows(rows);
  return { scenarios: aggregate(sorted), rows: sorted };
}

/** Write sweep.csv and sweep.json into `dir`. */
export function writeSweep(dir: string, result: SweepResult): void {
  const names = [...new Set(result.rows.flatMap((r) => Object.keys(r.intervals)))].sort(intervalOrder);
  const columns = ['scenario', 'seed', 'passed', 'failed_expectations', 'failovers', 'promoted', ...names.map((n) => `${n}_ms`), 'bus_messages', 'bus_bytes', 'events'];
  const rows = result.rows.map((r) => [
    r.scenario,
    r.seed,
    r.passed ? 1 : 0,
    r.failedExpectations.join('; '),
    r.failovers,
    r.promoted,
    ...names.map((n) => r.intervals[n] ?? ''),
    r.busMessages,
    r.busBytes,
    r.events,
  ]);
  writeWhole(join(dir, 'sweep.csv'), csv(columns, rows));
  writeWhole(join(dir, 'sweep.json'), JSON.stringify(result, null, 2) + '\n');
}

/** Read the rows of a sweep directory (for `sim merge`). */
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
