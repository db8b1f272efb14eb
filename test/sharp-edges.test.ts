import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, SIM, sim } from './helpers/cli';

const FAIL_C = join(ROOT, 'scenarios', 'fail-C.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'edges-'));
const scenario = (text: string): string => {
  const file = join(tmp(), 's.yaml');
  writeFileSync(file, text);
  return file;
};
const small = (extra = '', duration = '30s') => `duration: ${duration}\ncluster:\n  create: { masters: 3, replicas: 1 }\n${extra}`;

/** Bad input ends with exit 2 and one line per problem, never a stack trace. */
function refused(args: string[]): string {
  const r = sim(args);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.code).toBe(2);
  return r.stderr;
}

describe('result directories are one whole run or absent', () => {
  test('--out naming a file, or a path below a file, is refused with the reason', () => {
    const file = join(tmp(), 'f');
    writeFileSync(file, 'x');
    expect(refused(['run', FAIL_C, '--out', file, '--quiet'])).toMatch(/cannot write results to .*f: it is a file, not a directory/);
    expect(refused(['run', FAIL_C, '--out', join(file, 'sub'), '--quiet'])).toMatch(/a part of the path is a file, not a directory/);
  });

  test("a run into an earlier run's directory replaces it whole: no stale messages.csv is left", () => {
    const out = join(tmp(), 'run');
    sim(['run', FAIL_C, '--out', out, '--messages', '--quiet']);
    expect(readdirSync(out).sort()).toEqual(['events.csv', 'messages.csv', 'nodes.csv', 'summary.json']);
    sim(['run', FAIL_C, '--out', out, '--quiet', '--seed', '2']);
    expect(readdirSync(out).sort()).toEqual(['events.csv', 'nodes.csv', 'summary.json']);
    expect(readdirSync(join(out, '..')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  test('a directory holding other files is never replaced', () => {
    const out = tmp();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(refused(['run', FAIL_C, '--out', out, '--quiet'])).toMatch(/holds notes\.txt, which are not outputs of this command/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('limits a real user never reaches are refused at once', () => {
  test.each([
    ['create: { masters: 100000 }', 'duration: 10s\ncluster:\n  create: { masters: 100000 }\n', /masters: expected at most 2000, found 100000/],
    ['2000 masters with 2 replicas each', 'duration: 10s\ncluster:\n  create: { masters: 2000, replicas: 2 }\n', /expected at most 2000 nodes in all/],
    ['repeat: { times: 1e9 }', small('events:\n  - { at: 1s, isolate: C, for: 1ms, repeat: { every: 1ms, times: 1000000000 } }\n'), /times: expected at most 100000, found 1000000000/],
    ['an absurd duration', small('', '999999999999999999999m'), /duration: expected a time of at most 1440m \(24 hours\)/],
    ['an expectation after the end', small('expect:\n  - role: { node: C1, is: master, by: 50s }\n'), /role\.by: 50s is after the end of the run/],
  ])('%s', (_, text, message) => {
    expect(refused(['validate', scenario(text)])).toMatch(message);
  });

  test('a file of 5 MB is refused before it is parsed', () => {
    const file = scenario(small() + '#'.repeat(5 * 1024 * 1024) + '\n');
    expect(refused(['validate', file])).toMatch(/expected a scenario file of at most 4 MB, found 5\.0 MB/);
  });

  test('--seeds beyond a million and --until past the duration', () => {
    expect(refused(['sweep', FAIL_C, '--seeds', '1-10000000'])).toMatch(/--seeds: expected at most 1000000 seeds/);
    expect(refused(['nodes', FAIL_C, '--at', '1000s'])).toMatch(/^--at: 1000s is after the end/);
  });

  test.each(['', '0x10', '1e3', '-1', '9007199254740993'])('--seed "%s" is refused', (seed) => {
    expect(refused(['run', FAIL_C, '--seed', seed, '--quiet', '--out', tmp()])).toMatch(/^--seed: expected/);
  });
});

describe('the command line', () => {
  test('a reader that goes away ends the command quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${SIM}" nodes "${FAIL_C}" --at 20s | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('# A\n');
    expect(r.stderr).toBe('');
  });

  test('--version prints the package version; every command has examples', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(sim(['--version']).stdout.trim()).toBe(pkg.version);
    for (const cmd of ['run', 'validate', 'nodes', 'info', 'sweep', 'merge', 'check']) expect(sim([cmd, '--help']).stdout).toMatch(/Examples:\n\s+sim /);
  });

  test('summary.json names the tool version and the scenario file by its hash', () => {
    const out = join(tmp(), 'o');
    sim(['run', FAIL_C, '--out', out, '--quiet']);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.tool).toMatch(/^redis-cluster-sim \d+\.\d+\.\d+$/);
    expect(s.scenario_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
