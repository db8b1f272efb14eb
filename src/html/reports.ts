import { Baseline, CHECKED_PERCENTILES } from '../check/baseline';
import { allowedChange } from '../check/compare';
import { intervalOrder } from '../sweep/aggregate';
import { SweepResult } from '../sweep/output';
import { SweepRow } from '../sweep/row';
import { renderDistributions, renderRun } from './client';
import { page } from './page';
import { runReportData } from './runData';

/** report.html of one run, from its files' contents. */
export function runReport(files: { events: string; nodes: string; summary: string; workload?: string }): string {
  const data = runReportData(files);
  return page(`${data.summary.scenario} seed ${data.summary.seed}`, data, renderRun);
}

/** report.html of a sweep: per scenario, a histogram and CDF of every interval, failed and slowest seeds. */
export function sweepReport(result: SweepResult): string {
  return page('sweep', { title: 'Sweep', subtitle: result.tool, scenarios: scenarioPanels(result.rows, new Map()) }, renderDistributions);
}

/** The report of `sim check`: each interval's new distribution under its baseline's percentiles and tolerance bands. */
export function checkReport(rows: SweepRow[], baselines: Map<string, Baseline>, moved: Map<string, string[]>): string {
  const scenarios = scenarioPanels(rows, baselines).map((s) => {
    const m = moved.get(s.scenario) ?? [];
    return { ...s, verdict: { ok: m.length === 0 && s.failed.length === 0, text: m.length ? `moved beyond tolerance: ${m.join(', ')}` : `${s.failed.length} seed(s) failed their expectations` } };
  });
  return page('sim check', { title: 'sim check', subtitle: 'red lines: the baseline\u2019s p50, p90, p99; shaded: each one\u2019s tolerance', scenarios }, renderDistributions);
}

function baselineMarks(base: Baseline | undefined, name: string): { name: string; value: number; allowed: number }[] | undefined {
  const b = base?.intervals[name];
  return b ? CHECKED_PERCENTILES.map((p) => ({ name: p, value: b[p], allowed: allowedChange(b[p], b.tolerance) })) : undefined;
}

function scenarioPanels(rows: SweepRow[], baselines: Map<string, Baseline>) {
  const byScenario = new Map<string, SweepRow[]>();
  for (const r of rows) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  return [...byScenario].map(([scenario, list]) => {
    const names = [...new Set(list.flatMap((r) => Object.keys(r.intervals)))].sort(intervalOrder);
    const base = baselines.get(scenario);
    const replay = (r: SweepRow): string => `sim run ${r.file} --seed ${r.seed}`;
    const by = names.includes('unavailability') ? 'unavailability' : (names[names.length - 1] ?? '');
    const slowest = list.filter((r) => typeof r.intervals[by] === 'number').sort((a, b) => (b.intervals[by] as number) - (a.intervals[by] as number)).slice(0, 5);
    return {
      scenario,
      seeds: list.length,
      passed: list.filter((r) => r.passed).length,
      failed: list.filter((r) => !r.passed).map((r) => ({ seed: r.seed, expectations: r.failed_expectations, replay: replay(r) })),
      slowestBy: by,
      slowest: slowest.map((r) => ({ seed: r.seed, ms: r.intervals[by], replay: replay(r) })),
      intervals: names
        .map((name) => ({
          name,
          values: list.map((r) => r.intervals[name]).filter((v): v is number => typeof v === 'number'),
          baseline: baselineMarks(base, name),
        }))
        .filter((iv) => iv.values.length > 0),
    };
  });
}
