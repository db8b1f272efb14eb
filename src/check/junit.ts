import { CheckLine } from './compare';

/** A check's outcome for one scenario, as a JUnit test suite. */
export interface ScenarioCheck {
  scenario: string;
  file: string;
  lines: CheckLine[];
  failed_seeds: { seed: number; expectations: string[] }[];
  /** Wall seconds its runs took (absent when the sweep was read from a directory). */
  seconds?: number;
  error?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Figures as reports print them: at most three decimals, no float noise. */
const fig = (v: number | null): string => (v === null ? '-' : String(Math.round(v * 1000) / 1000));
const time = (seconds: number | undefined): string => (seconds === undefined ? '' : ` time="${seconds.toFixed(3)}"`);

function testcase(c: ScenarioCheck, name: string, failure: { message: string; detail: string } | null, seconds?: number): string {
  const open = `    <testcase classname="${esc(c.scenario)}" name="${esc(name)}"${time(seconds)}>`;
  if (!failure) return `${open}</testcase>`;
  return `${open}\n      <failure message="${esc(failure.message)}">${esc(failure.detail)}</failure>\n    </testcase>`;
}

/** A test case per interval compared, one for the expectations over all seeds, and one per seed that failed them. */
function cases(c: ScenarioCheck): string[] {
  const out: string[] = [];
  const byInterval = new Map<string, CheckLine[]>();
  for (const l of c.lines) byInterval.set(l.interval, [...(byInterval.get(l.interval) ?? []), l]);
  for (const [interval, lines] of byInterval) {
    const bad = lines.filter((l) => !l.passed);
    const detail = bad.map((l) => `${l.measure}: baseline ${fig(l.baseline)}, now ${fig(l.now)}, change ${fig(l.change)}, tolerance ±${fig(l.allowed)}`).join('\n');
    out.push(testcase(c, interval, bad.length ? { message: `${interval} moved beyond tolerance`, detail } : null, 0));
  }
  const expectations = c.error ? { message: c.error, detail: '' } : null;
  out.push(testcase(c, 'expectations', expectations, c.seconds));
  for (const f of c.failed_seeds) {
    const replay = `sim run ${c.file} --seed ${f.seed}`;
    out.push(testcase(c, `seed ${f.seed}`, { message: `expectations failed on seed ${f.seed}`, detail: `${f.expectations.join('\n')}\nreplay: ${replay}` }, 0));
  }
  return out;
}

/** JUnit XML: a test suite per scenario. */
export function junitXml(checks: ScenarioCheck[]): string {
  let tests = 0;
  let failures = 0;
  let seconds: number | undefined = 0;
  const suites = checks.map((c) => {
    const list = cases(c);
    const failed = list.filter((x) => x.includes('<failure')).length;
    tests += list.length;
    failures += failed;
    seconds = seconds === undefined || c.seconds === undefined ? undefined : seconds + c.seconds;
    return `  <testsuite name="${esc(c.scenario)}" tests="${list.length}" failures="${failed}"${time(c.seconds)}>\n${list.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sim check" tests="${tests}" failures="${failures}"${time(seconds)}>\n${suites.join('\n')}\n</testsuites>\n`;
}
