import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { aggregate } from '../src/sweep/aggregate';
import { SweepRow } from '../src/sweep/row';
import { ROOT, sim } from './helpers/cli';

const FAIL_C = join(ROOT, 'scenarios', 'fail-C.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'sweep-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

function row(seed: number, promotion: number | null, passed = true): SweepRow {
  return {
    scenario: 's', file: 's.yaml', seed, passed, failed_expectations: passed ? [] : ['x'], failovers: promotion === null ? 0 : 1, promoted: promotion === null ? [] : ['C1'], scenario_sha256: 'x',
    intervals: promotion === null ? {} : { promotion }, bus_messages: 10, bus_bytes: 100, events: 5,
  };
}

describe('sweep statistics', () => {
  test('percentiles, count and failed seeds of a known set', () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => row(i, i * 100, i !== 4));
    rows.push(row(11, null));
    const [s] = aggregate(rows);
    expect(s.seeds).toBe(11);
    expect(s.passed).toBe(10);
    expect(s.failed_seeds).toEqual([{ seed: 4, expectations: ['x'] }]);
    expect(s.intervals.promotion).toEqual({ count: 10, min: 100, p10: 190, p50: 550, p90: 910, p99: 991, max: 1000, mean: 550 });
  });
});

describe('sim sweep and merge', () => {
  test('the output is identical for 1 and 2 workers, and for two shards merged', () => {
    const one = tmp();
    const two = tmp();
    const s1 = tmp();
    const s2 = tmp();
    const merged = tmp();
    const files = [FAIL_C, join(ROOT, 'scenarios', 'pause-short.yaml')];
    expect(sim(['sweep', ...files, '--seeds', '1-12', '--workers', '1', '--out', one]).code).toBe(0);
    expect(sim(['sweep', ...files, '--seeds', '1-12', '--workers', '2', '--out', two]).code).toBe(0);
    sim(['sweep', ...files, '--seeds', '1-12', '--workers', '2', '--shard', '1/2', '--out', s1]);
    sim(['sweep', ...files, '--seeds', '1-12', '--workers', '1', '--shard', '2/2', '--out', s2]);
    const m = sim(['merge', s1, s2, '--out', merged]);
    expect(m.code).toBe(0);
    for (const f of ['sweep.csv', 'sweep.json']) {
      expect(read(two, f)).toBe(read(one, f));
      expect(read(merged, f)).toBe(read(one, f));
    }
    expect(read(s1, 'sweep.csv')).not.toBe(read(one, 'sweep.csv'));
    const csv = read(one, 'sweep.csv').trim().split('\n');
    expect(csv).toHaveLength(25);
    // pause-short pauses C for less than the node timeout: an outage whose figures stay empty.
    expect(csv[0]).toBe('scenario,seed,passed,failed_expectations,failovers,promoted,detection_ms,agreement_ms,election_ms,promotion_ms,convergence_ms,unavailability_ms,outage_detection_ms,outage_agreement_ms,outage_cleared_ms,bus_messages,bus_bytes,events');
    expect(m.stdout).toMatch(/fail-C: 12 seeds, 12 passed/);
    expect(m.stdout).toMatch(/promotion histogram/);
  });

  test('merging a shard twice is refused', () => {
    const s1 = tmp();
    sim(['sweep', FAIL_C, '--seeds', '1-2', '--out', s1]);
    expect(sim(['merge', s1, s1, '--out', tmp()]).code).toBe(2);
  });
});

describe('sim check', () => {
  const dir = tmp();
  const baselines = join(dir, 'baselines');

  test('creating a baseline, then checking the unchanged model passes', () => {
    const made = sim(['check', FAIL_C, '--seeds', '1-16', '--baseline', baselines, '--update-baseline']);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/new baseline .*fail-C\.json/);
    const saved = JSON.parse(read(baselines, 'fail-C.json'));
    expect(saved.seeds).toBe('1-16');
    expect(Object.keys(saved.intervals)).toEqual(['detection', 'agreement', 'election', 'promotion', 'convergence', 'unavailability']);
    const junit = join(dir, 'junit.xml');
    const r = sim(['check', FAIL_C, '--baseline', baselines, '--junit', junit]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {3}fail-C: 16 seeds, within tolerance/);
    const xml = read(dir, 'junit.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(parsed.testsuites['@_failures']).toBe('0');
    expect(parsed.testsuites.testsuite.testcase).toHaveLength(7);
    // The suite's time is the wall time its runs took; comparing figures takes none.
    expect(Number(parsed.testsuites.testsuite['@_time'])).toBeGreaterThan(0);
    expect(parsed.testsuites.testsuite.testcase[0]['@_time']).toBe('0.000');
  });

  test('--from checks a merged sweep without running it again', () => {
    const s1 = tmp();
    const s2 = tmp();
    const merged = tmp();
    sim(['sweep', FAIL_C, '--seeds', '1-16', '--shard', '1/2', '--out', s1]);
    sim(['sweep', FAIL_C, '--seeds', '1-16', '--shard', '2/2', '--out', s2]);
    sim(['merge', s1, s2, '--out', merged]);
    const r = sim(['check', FAIL_C, '--baseline', baselines, '--from', merged]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {3}fail-C: 16 seeds, within tolerance/);
  });

  test('a changed cluster-node-timeout fails the check, naming the moved interval', () => {
    const copy = join(dir, 'fail-C.yaml');
    // A slower timeout, with expectations loose enough that only the timing check can fail.
    const text = read(join(ROOT, 'scenarios'), 'fail-C.yaml').replace('cluster-node-timeout: 5000', 'cluster-node-timeout: 7000');
    writeFileSync(copy, text.replace('within: 10s', 'within: 25s').replace(/by: 20s/g, 'by: end'));
    const junit = join(dir, 'moved.xml');
    const r = sim(['check', copy, '--baseline', baselines, '--junit', junit]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL fail-C: 16 seeds/);
    expect(r.stdout).toMatch(/detection\s+p50\s+\d+(\.\d+)?\s+\d+(\.\d+)?\s+\d+(\.\d+)?\s+±\d+\s+MOVED/);
    const xml = read(dir, 'moved.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(/<testcase classname="fail-C" name="detection" time="0.000">\s*<failure message="detection moved beyond tolerance">p50: baseline/);
    // Figures carry at most three decimals: no float noise such as 700.1220000000001.
    for (const n of xml.match(/-?\d+\.\d+/g) ?? []) expect(n.split('.')[1].length).toBeLessThanOrEqual(3);
  });

  test('updating the baseline says what changed, then the check passes again', () => {
    const copy = join(dir, 'fail-C.yaml');
    const u = sim(['check', copy, '--baseline', baselines, '--update-baseline']);
    expect(u.stdout).toMatch(/updated .*fail-C\.json:\n {2}detection p50: \d+(\.\d+)? -> \d+/);
    expect(sim(['check', copy, '--baseline', baselines]).code).toBe(0);
  });

  test('expectations failing on some seeds fail the check, naming the seeds and a replay command', () => {
    const strict = join(dir, 'strict', 'fail-C.yaml');
    mkdirSync(join(dir, 'strict'));
    writeFileSync(strict, read(join(ROOT, 'scenarios'), 'fail-C.yaml').replace('within: 10s', 'within: 8s'));
    const r = sim(['check', strict, '--baseline', join(dir, 'strict-baselines'), '--seeds', '1-16', '--update-baseline']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/expectations failed on \d+ seed\(s\): \d+/);
    expect(r.stdout).toMatch(/replay one: sim run .*strict\/fail-C\.yaml --seed \d+/);
    const junit = join(dir, 'strict.xml');
    sim(['check', strict, '--baseline', join(dir, 'strict-baselines'), '--junit', junit]);
    const failed = Number(/expectations failed on (\d+) seed/.exec(r.stdout)?.[1]);
    const seedCases = [...read(dir, 'strict.xml').matchAll(/<testcase classname="fail-C" name="seed (\d+)" time="0.000">\s*<failure message="expectations failed on seed \1">[^<]*replay: sim run [^<]*--seed \1</g)];
    expect(seedCases).toHaveLength(failed);
  });

  test.each([
    ['{}', '1:1', 'the file: missing field "scenario"'],
    ['[]', '1:1', 'the file: expected a mapping, found a list'],
    ['null', '1:1', 'the file: expected a mapping, found null'],
    ['{"scenario": "fail-C", "seeds": "1-2", "passed": 2, "intervals": null}', '1:66', 'intervals: expected a mapping, found null'],
    ['{"scenario": "fail-C", "seeds": "1-2", "passed": 2,\n "intervals": {"detection": {"count": 2, "p50": "x"}}}', '2:', 'intervals.detection: missing field "p90"'],
    ['{"scenario": ', '1:', 'not valid JSON'],
  ])('a baseline of the wrong shape (%s) is bad input with its position', (content, where, message) => {
    const b = tmp();
    writeFileSync(join(b, 'fail-C.json'), content);
    const r = sim(['check', FAIL_C, '--baseline', b, '--seeds', '1-2']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain(`fail-C.json:${where}`);
    expect(r.stderr).toContain(message);
  });

  test('a scenario without a baseline is bad input', () => {
    const r = sim(['check', join(ROOT, 'scenarios', 'pause-short.yaml'), '--baseline', join(dir, 'none')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no baseline at .*pause-short\.json; create it with sim check/);
  });
});
