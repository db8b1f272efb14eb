import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, sim } from './helpers/cli';

const FAIL_C = join(ROOT, 'scenarios', 'fail-C.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'sim-'));
const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('sim run', () => {
  test('fail-C: C1 takes over, every expectation passes, and the files are written', () => {
    const out = tmp();
    const r = sim(['run', FAIL_C, '--out', out, '--messages']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/crash C at 10\.000 s/);
    expect(r.stdout).toMatch(/C1 elected \(epoch 7\)/);
    expect(r.stdout).not.toMatch(/FAIL {2}/);
    const f = files(out);
    expect(Object.keys(f)).toEqual(['events.csv', 'messages.csv', 'nodes.csv', 'summary.json']);
    expect(f['events.csv'].split('\n')[0]).toBe('time_ms,node,event,subject,epoch,detail');
    expect(f['events.csv']).toMatch(/\n40000\.000,-,expectation_passed,,,"?C1 takes over C's slots within 10s of the fault: C1 took over/);
    expect(f['nodes.csv'].split('\n')[0]).toBe('time_ms,node,role,master,current_epoch,config_epoch,cluster_state,pfail_nodes,fail_nodes,slots');
    expect(f['messages.csv'].split('\n')[0]).toBe('sent_ms,delivered_ms,dropped,from,to,type,bytes,gossip');
    const summary = JSON.parse(f['summary.json']);
    expect(summary.failovers).toHaveLength(1);
    expect(summary.failovers[0]).toMatchObject({ failed: 'C', promoted: 'C1', fault_ms: 10000 });
    const fo = summary.failovers[0];
    expect(fo.first_pfail_ms).toBeLessThan(fo.first_fail_ms);
    expect(fo.first_fail_ms).toBeLessThan(fo.promoted_ms);
    expect(fo.promoted_ms).toBeLessThanOrEqual(fo.converged_ms);
    expect(summary.expectations.every((e: { passed: boolean }) => e.passed)).toBe(true);
    // A PING in a 6-node cluster carries 3 gossip entries: 2256 + 3 * 104 bytes.
    expect(f['messages.csv']).toMatch(/,A,B,ping,2568,3\n/);
  });

  test('the same seed gives byte-identical files; another seed does not', () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    sim(['run', FAIL_C, '--out', a, '--seed', '3', '--quiet']);
    sim(['run', FAIL_C, '--out', b, '--seed', '3', '--quiet']);
    sim(['run', FAIL_C, '--out', c, '--seed', '4', '--quiet']);
    expect(files(a)).toEqual(files(b));
    expect(files(a)['events.csv']).not.toEqual(files(c)['events.csv']);
  });

  test('--json prints summary.json and --until stops early', () => {
    const r = sim(['run', FAIL_C, '--out', tmp(), '--json', '--until', '5s']);
    const s = JSON.parse(r.stdout);
    expect(s.duration_ms).toBe(5000);
    expect(s.failovers).toEqual([]);
    // Nothing after 5 s was simulated: those expectations are not judged, and the run is not a failure.
    expect(s.expectations.every((e: { reached: boolean }) => !e.reached)).toBe(true);
    expect(s.expectations[0].observed).toMatch(/^not reached: the run stopped at 5\.000 s/);
    expect(r.code).toBe(0);
  });

  test('--until can only shorten a run', () => {
    const r = sim(['run', FAIL_C, '--out', tmp(), '--until', '50s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--until: 50s is after the end of the scenario \(duration 40s\)/);
  });

  test('a failed expectation exits 1 and says what happened', () => {
    const dir = tmp();
    const file = join(dir, 'late.yaml');
    writeFileSync(file, readFileSync(FAIL_C, 'utf8').replace('within: 10s', 'within: 2s'));
    const r = sim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}C1 takes over C's slots within 2s of the fault\n\s+C1 took over C's slots at 1\d\.\d{3} s, \d\.\d{3} s after crash C/);
  });

  test('bad input exits 2 with file:line:column and no stack trace', () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'duration: 10\ncluster:\n  create: { masters: 3 }\n');
    const r = sim(['run', file, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${file}:1:11: duration: expected a time with a unit (50us, 250ms, 10s, 2m), found 10\n`);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  test('usage errors exit 2', () => {
    expect(sim(['run']).code).toBe(2);
    expect(sim(['frobnicate']).code).toBe(2);
    expect(sim(['run', FAIL_C, '--seed', 'x']).code).toBe(2);
    expect(sim(['run', join(ROOT, 'nope.yaml')]).stderr).toMatch(/nope\.yaml:1:1: cannot read the file: ENOENT/);
  });
});

describe('sim validate, nodes, info', () => {
  test('validate accepts every shipped scenario', () => {
    const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'scenarios', f));
    const r = sim(['validate', ...scenarios]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(scenarios.length);
  });

  test('nodes prints CLUSTER NODES lines as the node sees them', () => {
    const r = sim(['nodes', FAIL_C, '--at', '20s', '--node', 'A']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.includes('myself'))).toMatch(/^[0-9a-f]{40} 127\.0\.0\.1:7000@17000 myself,master - 0 0 1 connected 0-5460$/);
    expect(lines.find((l) => l.includes(':7002@'))).toMatch(/ master,fail - \d+ \d+ 3 disconnected$/);
    expect(lines.find((l) => l.includes(':7005@'))).toMatch(/ master - \d+ \d+ 7 connected 10923-16383$/);
  });

  test('info prints CLUSTER INFO', () => {
    const r = sim(['info', FAIL_C, '--at', '20s', '--node', 'C1']);
    expect(r.stdout).toMatch(/^cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n/);
    expect(r.stdout).toMatch(/cluster_known_nodes:6\r\ncluster_size:3\r\ncluster_current_epoch:7\r\ncluster_my_epoch:7\r\n/);
    expect(r.stdout).toMatch(/cluster_stats_messages_auth-req_sent:5\r\n/);
  });
});

describe('sim compare --real', () => {
  const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  const recorded = (rows: object[], ...starts: string[]): string => {
    const dir = tmp();
    const entries = (starts.length > 0 ? starts : [undefined]).map((start) => ({ scenario: 'fail-C', file: 'scenarios/fail-C.yaml', realRows: rows, start }));
    writeFileSync(join(dir, 'fidelity.json'), JSON.stringify(entries));
    return dir;
  };
  const trial = (seed: number, sha256: string, promotion: number) => ({ scenario: 'fail-C', file: 'scenarios/fail-C.yaml', seed, passed: true, failed_expectations: [], scenario_sha256: sha256, failovers: 1, promoted: ['C1'], intervals: { promotion }, bus_messages: 0, bus_bytes: 0, events: 0 });

  test('judges the simulation against recorded trials of the same file, without a server', () => {
    const out = tmp();
    const r = sim(['compare', FAIL_C, '--real', recorded([trial(1, sha(FAIL_C), 8000), trial(2, sha(FAIL_C), 8300)]), '--seeds', '1-3', '--out', out]);
    expect(r.stdout).toMatch(/beside real Redis \(trials recorded in .*fidelity\.json\)/);
    expect(r.stdout).toMatch(/2 real trials \(2 passed their expectations\) vs 3 simulated seeds/);
    expect(r.stdout).toMatch(/\| promotion \| 2 \| 8000 \| 8150 \| 8300 \|/);
    // Only the recorded interval has real values; the others fail for want of them.
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
    expect(json[0].realRows).toHaveLength(2);
  });

  test('models the seeds as the trials were started: together for a table recorded before start existed', () => {
    const trials = [trial(1, sha(FAIL_C), 8000)];
    const judged = (...starts: string[]): { stdout: string; start: string; detection: number } => {
      const out = tmp();
      const r = sim(['compare', FAIL_C, '--real', recorded(trials, ...starts), '--seeds', '1-5', '--out', out]);
      const json = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
      return { stdout: r.stdout, start: json[0].start, detection: json[0].rows.find((x: { interval: string }) => x.interval === 'detection').sim.p50 };
    };
    const legacy = judged();
    expect(legacy.start).toBe('together');
    expect(legacy.stdout).toMatch(/vs 5 simulated seeds \(5 passed\), processes started together in both/);
    const apart = judged('apart');
    expect(apart.start).toBe('apart');
    expect(apart.detection).not.toBe(legacy.detection);
    const mixed = sim(['compare', FAIL_C, '--real', recorded(trials, 'apart', 'together'), '--seeds', '1']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('started both apart and together');
  });

  test('refuses trials of another version of the file, and a file that is not a fidelity.json', () => {
    const changed = sim(['compare', FAIL_C, '--real', recorded([trial(1, 'f'.repeat(64), 8000)]), '--seeds', '1']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/no recorded trials of .*fail-C\.yaml in .*: its trials of scenarios\/fail-C\.yaml ran another version of the file/);
    const bad = tmp();
    writeFileSync(join(bad, 'fidelity.json'), '{"rows": []}');
    const r = sim(['compare', FAIL_C, '--real', bad, '--seeds', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a fidelity.json written by sim compare');
  });
});
