import { analyze } from '../report/analyze';
import { Summary } from '../report/summary';
import { INTERVALS } from '../scenario/intervals';
import { compileParsed, parseScenario, ParsedScenario } from '../scenario/load';
import { Scenario } from '../scenario/types';
import { runScenario } from '../sim/run';

/** One scenario run with one seed, as a sweep keeps it. */
export interface SweepRow {
  scenario: string;
  file: string;
  seed: number;
  passed: boolean;
  failed_expectations: string[];
  scenario_sha256: string;
  failovers: number;
  /** The node promoted in each failover, in order. */
  promoted: string[];
  /** Interval name (`promotion`, or `f2_promotion` for a second failover) to ms, or null. */
  intervals: Record<string, number | null>;
  bus_messages: number;
  bus_bytes: number;
  events: number;
}

/** Interval key of failover number `k` (1-based). */
export function intervalKey(name: string, k: number): string {
  return k === 1 ? name : `f${k}_${name}`;
}

/** Parsed scenarios by file and text: a sweep parses each file once per process, then compiles per seed. */
const parsed = new Map<string, ParsedScenario>();

function parsedOnce(file: string, text: string): ParsedScenario {
  const key = `${file}\n${text}`;
  let p = parsed.get(key);
  if (!p) {
    p = parseScenario(file, text);
    parsed.set(key, p);
  }
  return p;
}

/** A row and the wall time it took: the time is for reports about the sweep (JUnit), never part of a row. */
export function timedRow(task: { file: string; text: string; seed: number }): { row: SweepRow; wallMs: number } {
  const start = performance.now(); // nondeterminism-ok: wall time for JUnit, never in a row
  const row = runRow(task.file, task.text, task.seed);
  return { row, wallMs: performance.now() - start }; // nondeterminism-ok
}

/** One seed of a scenario; `start`, when given, models its processes as started so whatever the file says. */
export function runRow(file: string, text: string, seed: number, start?: Scenario['start']): SweepRow {
  const scenario = compileParsed(parsedOnce(file, text), seed);
  return rowOf(analyze(runScenario(start ? { ...scenario, start } : scenario).journal), file, seed);
}

/** The row of one run's summary (a simulated run's, or a real trial's). */
export function rowOf(summary: Summary, file: string, seed: number): SweepRow {
  const row: SweepRow = {
    scenario: summary.scenario,
    file,
    seed,
    passed: summary.passed,
    failed_expectations: summary.expectations.filter((e) => !e.passed).map((e) => e.expectation),
    failovers: summary.failovers.length,
    scenario_sha256: summary.scenario_sha256,
    promoted: summary.failovers.map((f) => f.promoted),
    intervals: {},
    bus_messages: summary.bus_totals.sent,
    bus_bytes: summary.bus_totals.bytes_sent,
    events: summary.events_processed,
  };
  summary.failovers.forEach((f, i) => {
    const values = f.intervals_ms;
    for (const name of INTERVALS) row.intervals[intervalKey(name, i + 1)] = values[name];
  });
  const clients = summary.workload?.total;
  if (clients) {
    row.intervals.client_unavailable = clients.unavailable_ms ?? 0;
    row.intervals.lost_writes = clients.lost_writes;
    const r = clients.reads;
    if (r.ok + r.failed + r.timeout + r.pending > 0) row.intervals.stale_reads = clients.stale_reads;
  }
  const outage = summary.outage?.intervals_ms;
  if (outage) {
    row.intervals.outage_detection = outage.detection;
    row.intervals.outage_agreement = outage.agreement;
    row.intervals.outage_cleared = outage.cleared;
  }
  const reshard = summary.reshards?.[0];
  if (reshard) row.intervals.reshard = reshard.done_ms === null ? null : Math.round((reshard.done_ms - reshard.at_ms) * 1000) / 1000;
  return row;
}

