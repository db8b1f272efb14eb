import { Distribution } from '../stats/distribution';
import { Baseline, CHECKED_PERCENTILES } from './baseline';

/** One compared figure: an interval's percentile (or its count) against the baseline. */
export interface CheckLine {
  interval: string;
  measure: string;
  baseline: number | null;
  now: number | null;
  change: number | null;
  allowed: number;
  passed: boolean;
}

/**
 * Compare a sweep's intervals with a baseline. A percentile passes when it moved by no more than
 * max(relative * baseline, absolute). The number of seeds reaching an interval must not change,
 * and an interval may not appear or disappear.
 */
export function compareWithBaseline(baseline: Baseline, now: Record<string, Distribution>): CheckLine[] {
  const names = [...new Set([...Object.keys(baseline.intervals), ...Object.keys(now)])];
  const lines: CheckLine[] = [];
  for (const name of names) {
    const b = baseline.intervals[name];
    const n = now[name];
    if (!b || !n) {
      lines.push({ interval: name, measure: 'count', baseline: b?.count ?? 0, now: n?.count ?? 0, change: (n?.count ?? 0) - (b?.count ?? 0), allowed: 0, passed: false });
      continue;
    }
    lines.push({ interval: name, measure: 'count', baseline: b.count, now: n.count, change: n.count - b.count, allowed: 0, passed: n.count === b.count });
    for (const p of CHECKED_PERCENTILES) {
      const change = Math.round((n[p] - b[p]) * 1000) / 1000;
      const allowed = allowedChange(b[p], b.tolerance);
      lines.push({ interval: name, measure: p, baseline: b[p], now: n[p], change, allowed, passed: Math.abs(change) <= allowed });
    }
  }
  return lines;
}

/** How far a baseline figure may move: its relative tolerance or the absolute one, whichever is larger. */
export function allowedChange(value: number, tolerance: { relative: number; absolute_ms: number }): number {
  return Math.max(tolerance.relative * Math.abs(value), tolerance.absolute_ms);
}

export function formatCheckTable(lines: CheckLine[]): string {
  const head = `  ${'interval'.padEnd(22)}${'measure'.padEnd(8)}${['baseline', 'now', 'change', 'tolerance'].map((h) => h.padStart(11)).join('')}`;
  const f = (v: number | null): string => (v === null ? '-' : String(v)).padStart(11);
  const rows = lines.map((l) => `  ${l.interval.padEnd(22)}${l.measure.padEnd(8)}${f(l.baseline)}${f(l.now)}${f(l.change)}${(`±${l.allowed.toFixed(0)}`).padStart(11)}  ${l.passed ? 'ok' : 'MOVED'}`);
  return [head, ...rows].join('\n');
}
