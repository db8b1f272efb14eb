import { SweepResult } from './output';

/** The terminal summary of a sweep: a table per scenario, and a histogram of promotion times. */
export function formatSweep(result: SweepResult): string {
  const out: string[] = [];
  for (const s of result.scenarios) {
    out.push(`${s.scenario}: ${s.seeds} seeds, ${s.passed} passed${s.failed_seeds.length ? `, ${s.failed_seeds.length} FAILED (seeds ${s.failed_seeds.slice(0, 10).map((f) => f.seed).join(', ')}${s.failed_seeds.length > 10 ? ', ...' : ''})` : ''}`);
    const names = Object.keys(s.intervals);
    if (names.length === 0) {
      out.push('  no failover in any seed');
      continue;
    }
    out.push(`  ${'interval (ms from fault)'.padEnd(26)}${['n', 'min', 'p50', 'p90', 'p99', 'max', 'mean'].map((h) => h.padStart(9)).join('')}`);
    for (const name of names) {
      const d = s.intervals[name];
      out.push(`  ${name.padEnd(26)}${[d.count, d.min, d.p50, d.p90, d.p99, d.max, d.mean].map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)).padStart(9)).join('')}`);
    }
    const promotion = result.rows.filter((r) => r.scenario === s.scenario).map((r) => r.intervals.promotion).filter((v): v is number => typeof v === 'number');
    if (promotion.length > 1) out.push(histogram(promotion, 'promotion'));
  }
  return out.join('\n');
}

/** A text histogram with about ten bins of round width. */
export function histogram(values: number[], label: string): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = niceWidth((max - min) / 10 || 1);
  const start = Math.floor(min / width) * width;
  const bins = Math.floor((max - start) / width) + 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.floor((v - start) / width)]++;
  const top = Math.max(...counts);
  const lines = [`  ${label} histogram (ms)`];
  counts.forEach((c, i) => {
    const from = start + i * width;
    const bar = '#'.repeat(Math.round((c / top) * 40));
    lines.push(`  ${String(from).padStart(7)}-${String(from + width).padEnd(7)} ${bar} ${c}`);
  });
  return lines.join('\n');
}

function niceWidth(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}
