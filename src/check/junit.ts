import { CheckLine } from './compare';

/** A check's outcome for one scenario, as a JUnit test suite. */
export interface ScenarioCheck {
  scenario: string;
  lines: CheckLine[];
  failed_seeds: { seed: number; expectations: string[] }[];
  replay: string;
  error?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: a test suite per scenario, a test case per interval, and one for the expectations. */
export function junitXml(checks: ScenarioCheck[]): string {
  const suites = checks.map((c) => {
    const cases: string[] = [];
    const byInterval = new Map<string, CheckLine[]>();
    for (const l of c.lines) byInterval.set(l.interval, [...(byInterval.get(l.interval) ?? []), l]);
    for (const [interval, lines] of byInterval) {
      const bad = lines.filter((l) => !l.passed);
      const detail = bad.map((l) => `${l.measure}: baseline ${l.baseline}, now ${l.now}, change ${l.change}, tolerance ±${l.allowed}`).join('\n');
      cases.push(`    <testcase classname="${esc(c.scenario)}" name="${esc(interval)}">${bad.length ? `\n      <failure message="${esc(`${interval} moved beyond tolerance`)}">${esc(detail)}</failure>\n    ` : ''}</testcase>`);
    }
    const exp = c.failed_seeds.length
      ? `\n      <failure message="${esc(`expectations failed on ${c.failed_seeds.length} seed(s)`)}">${esc(c.failed_seeds.map((f) => `seed ${f.seed}: ${f.expectations.join('; ')}`).join('\n') + `\nreplay: ${c.replay}`)}</failure>\n    `
      : c.error
        ? `\n      <failure message="${esc(c.error)}"></failure>\n    `
        : '';
    cases.push(`    <testcase classname="${esc(c.scenario)}" name="expectations">${exp}</testcase>`);
    const failures = cases.filter((x) => x.includes('<failure')).length;
    return `  <testsuite name="${esc(c.scenario)}" tests="${cases.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = checks.reduce((n, c) => n + new Set(c.lines.map((l) => l.interval)).size + 1, 0);
  const failures = suites.reduce((n, s) => n + (s.match(/<failure /g)?.length ?? 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sim check" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
