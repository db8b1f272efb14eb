import { judge, RealSummary, Verdict } from '../calibrate/verdict';
import { distribution } from '../stats/distribution';
import { intervalOrder } from '../sweep/aggregate';
import { Scenario } from '../scenario/types';
import { SweepRow } from '../sweep/row';

/**
 * One scenario's real trials beside its simulated seeds: every interval `sim check` knows (ms from
 * the fault), real n / min / median / p90 / max beside simulated p10 / median / p90, judged by the
 * calibration rule (calibrate/verdict.ts).
 */
export interface FidelityRow extends Verdict {
  interval: string;
}

export interface ScenarioFidelity {
  scenario: string;
  file: string;
  trials: number;
  seeds: number;
  realPassed: number;
  simPassed: number;
  rows: FidelityRow[];
  realRows: SweepRow[];
  /** How the real trials' processes were started; the seeds beside them were modelled so. */
  start: Scenario['start'];
}

export function compareRows(real: SweepRow[], sim: SweepRow[]): FidelityRow[] {
  const keys = [...new Set([...real, ...sim].flatMap((r) => Object.keys(r.intervals)))].sort(intervalOrder);
  const values = (rows: SweepRow[], k: string): number[] => rows.map((r) => r.intervals[k]).filter((v): v is number => typeof v === 'number');
  // An interval neither side reached (no election in a TAKEOVER) has no row.
  return keys.filter((k) => values(real, k).length + values(sim, k).length > 0).map((interval) => {
    const r = distribution(values(real, interval));
    const summary: RealSummary = { n: r.count, min: r.min, p50: r.p50, p90: r.p90, max: r.max };
    const v = judge(summary, distribution(values(sim, interval)));
    return { interval, ...v, passed: v.passed && r.count > 0 };
  });
}

const f = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 10) / 10) : '-');

const COUNTS: Record<string, string> = { lost_writes: 'acknowledged writes lost', stale_reads: 'reads older than an acknowledged write' };

/** " (lost_writes: acknowledged writes lost, a count)" for the counts among a table's rows. */
function countsNote(intervals: string[]): string {
  const counts = Object.keys(COUNTS).filter((c) => intervals.includes(c));
  return counts.length === 0 ? '' : ` (${counts.map((c) => `${c}: ${COUNTS[c]}, a count`).join('; ')})`;
}

/** The scenario's table as Markdown. */
export function fidelityMarkdown(s: ScenarioFidelity): string {
  const trials = `${s.trials} real trials (${s.realPassed} passed their expectations) vs ${s.seeds} simulated seeds (${s.simPassed} passed), processes started ${s.start} in both`;
  // Intervals are measured per failover and from clients: a run with neither has only its expectations to compare.
  if (s.rows.length === 0) return [`### ${s.scenario}`, '', `${trials}; no failover and no clients, so no interval to compare.`].join('\n');
  const lines = [
    `### ${s.scenario}`,
    '',
    `${trials}; ms after the fault${countsNote(s.rows.map((r) => r.interval))}.`,
    '',
    '| interval | real n | real min | real p50 | real max | sim p10 | sim p50 | sim p90 | median error | ok |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of s.rows) {
    const err = Number.isFinite(r.medianError) ? `${r.medianError >= 0 ? '+' : ''}${(r.medianError * 100).toFixed(1)}%` : '-';
    lines.push(`| ${r.interval} | ${r.real.n} | ${f(r.real.min)} | ${f(r.real.p50)} | ${f(r.real.max)} | ${f(r.sim.p10)} | ${f(r.sim.p50)} | ${f(r.sim.p90)} | ${err} | ${r.passed ? 'yes' : 'NO'} |`);
  }
  return lines.join('\n');
}
