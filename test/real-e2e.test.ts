import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { ROOT, sim } from './helpers/cli';
import { firewallProblem } from '../src/real/firewall';

/** One real trial of fail-C on redis-server processes: the path `sim real` takes end to end. */
const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;
const describeReal = HAS_REDIS ? describe : describe.skip;
if (!HAS_REDIS) console.warn('real-cluster tests SKIPPED: no redis-server (apt-get install -y redis-server)');

/** redis-server processes still running whose command line names one of our trial directories. */
function ourServersLeft(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return cmd.includes('redis-server') && cmd.includes('redis-cluster-sim-real');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describeReal('sim real on a real Redis cluster', () => {
  test('fail-C: C is killed, C1 takes over, the same files as sim run, every server stopped at the end', () => {
    const out = mkdtempSync(join(tmpdir(), 'real-'));
    const r = sim(['real', join(ROOT, 'scenarios', 'fail-C.yaml'), '--out', out, '--keep-logs', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(out, 'trial-1');
    for (const f of ['events.csv', 'nodes.csv', 'summary.json', 'polls.jsonl', 'C1.log']) expect(existsSync(join(dir, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.failovers).toHaveLength(1);
    const f = summary.failovers[0];
    expect(f).toMatchObject({ failed: 'C', promoted: 'C1' });
    // Detection takes node-timeout (5 s) plus the wait for FAIL; the election under 2 s more.
    expect(f.first_fail_ms - f.fault_ms).toBeGreaterThan(5000);
    expect(f.promoted_ms - f.fault_ms).toBeLessThan(10000);
    const events = readFileSync(join(dir, 'events.csv'), 'utf8');
    expect(events).toMatch(/,C1,election_started,C1,\d+,/);
    expect(events).toMatch(/,A,vote_granted,C1,/);
    expect(ourServersLeft()).toEqual([]);
  }, 150_000);

  test('manual-failover-writes: an ioredis Cluster writes through CLUSTER FAILOVER, its history read back like the simulation\'s', () => {
    const out = mkdtempSync(join(tmpdir(), 'real-'));
    const r = sim(['real', join(ROOT, 'scenarios', 'manual-failover-writes.yaml'), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(out, 'trial-1', 'summary.json'), 'utf8'));
    const w = summary.workload;
    // 500 writes/s for about 20 s, all in C's slots; the failover moves them to C1 and loses none.
    expect(w.by_master.C.writes.ok).toBeGreaterThan(8000);
    expect(w.total.lost_writes).toBe(0);
    expect(summary.failovers[0]).toMatchObject({ failed: 'C', promoted: 'C1' });
    expect(existsSync(join(out, 'trial-1', 'lost-writes.csv'))).toBe(true);
    expect(ourServersLeft()).toEqual([]);
  }, 150_000);

  test('scaleReads: slave with RPUSH lists: the real ioredis reads by LLEN, and reads of live shards all succeed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-'));
    const file = join(dir, 'reads-C.yaml');
    const text = readFileSync(join(ROOT, 'scenarios', 'fail-C-writes.yaml'), 'utf8')
      .replace(/^name: .*$/m, 'name: reads-C')
      .replace('      writes: 500\n', '      writes: 200\n      reads: 200\n      command: rpush\n')
      .replace('options: { commandTimeout: 1000 }', 'options: { commandTimeout: 1000, scaleReads: slave }');
    writeFileSync(file, text);
    const r = sim(['real', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'trial-1', 'summary.json'), 'utf8'));
    const f = summary.failovers[0];
    expect(f).toMatchObject({ failed: 'C', promoted: 'C1' });
    const history = readFileSync(join(dir, 'out', 'trial-1', 'history.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    // client,kind,command,key,slot,value,invoke_ms,complete_ms,outcome,...
    const reads = history.filter((h) => h[1] === 'read');
    expect(reads.every((h) => h[2] === 'LLEN')).toBe(true);
    expect(reads.filter((h) => h[8] === 'ok').length).toBeGreaterThan(reads.length * 0.8);
    // Every read before the fault succeeds; so do those of C's slots between the kill and FAIL, served
    // by C1 on its READONLY connection (as the model serves them), but for a few command timeouts.
    expect(reads.filter((h) => Number(h[6]) < f.fault_ms).every((h) => h[8] === 'ok')).toBe(true);
    const ofC = reads.filter((h) => Number(h[4]) >= 10923 && Number(h[6]) > f.fault_ms && Number(h[6]) < f.first_fail_ms);
    expect(ofC.length).toBeGreaterThan(300);
    expect(ofC.filter((h) => h[8] !== 'ok').every((h) => h[8] === 'timeout')).toBe(true);
    expect(ofC.filter((h) => h[8] === 'ok').length).toBeGreaterThan(ofC.length * 0.95);
    expect(summary.workload.total.stale_reads).toBeLessThan(5);
  }, 150_000);

  test('reshard-writes: the real redis-cli moves 100 of C\'s slots and their keys to A under writes, none failed or lost', () => {
    const out = mkdtempSync(join(tmpdir(), 'real-'));
    const r = sim(['real', join(ROOT, 'scenarios', 'reshard-writes.yaml'), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'trial-1', 'summary.json'), 'utf8'));
    const [reshard] = summary.reshards;
    expect(reshard).toMatchObject({ from: 'C', to: 'A', slots: 100 });
    expect(reshard.keys).toBeGreaterThan(3000);
    expect(reshard.done_ms - reshard.at_ms).toBeLessThan(3000);
    expect(summary.workload.total.writes.failed + summary.workload.total.writes.timeout).toBe(0);
    expect(summary.workload.total.lost_writes).toBe(0);
    expect(summary.expectations.every((e: { passed: boolean; reached: boolean }) => e.passed && e.reached)).toBe(true);
  }, 150_000);

  test('a second run while another drives real servers is refused before it touches them', () => {
    const driver = join(tmpdir(), 'redis-cluster-sim-real', 'driver.pid');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      mkdirSync(dirname(driver), { recursive: true });
      writeFileSync(driver, String(other.pid));
      const r = sim(['real', join(ROOT, 'scenarios', 'fail-C.yaml'), '--out', mkdtempSync(join(tmpdir(), 'real-'))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`another run (PID ${other.pid}) is driving real servers`);
    } finally {
      other.kill();
      rmSync(driver, { force: true });
    }
  });

  test('a scenario with simulated latency is refused before anything starts, naming the field and its line', () => {
    const r = sim(['real', join(ROOT, 'scenarios', 'lossy-network.yaml'), '--out', mkdtempSync(join(tmpdir(), 'real-'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lossy-network\.yaml:10:3: sim real cannot set network\.profile/);
    expect(r.stderr).toMatch(/lossy-network\.yaml:11:3: sim real cannot set network\.latency/);
  });
});

/** Partitions are firewall rules: they need root and iptables (CI has both). */
const FIREWALL = HAS_REDIS ? firewallProblem() : 'no redis-server';
const describeFirewall = FIREWALL === null ? describe : describe.skip;
if (FIREWALL !== null) console.warn(`real-cluster partition test SKIPPED: ${FIREWALL}`);

describeFirewall('sim real with a partition', () => {
  test('partition-minority-writes: C, cut off with its client, acknowledges writes that its resync from C1 drops; the chain is gone at the end', () => {
    const out = mkdtempSync(join(tmpdir(), 'real-'));
    const r = sim(['real', join(ROOT, 'scenarios', 'partition-minority-writes.yaml'), '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(out, 'trial-1', 'summary.json'), 'utf8'));
    expect(summary.failovers[0]).toMatchObject({ failed: 'C', promoted: 'C1' });
    // 500 writes/s for one to one and a half node timeouts (5 s) after the cut.
    expect(summary.workload.total.lost_writes).toBeGreaterThan(1500);
    expect(summary.workload.total.lost_writes).toBeLessThan(5000);
    expect(spawnSync('iptables', ['-S'], { encoding: 'utf8' }).stdout).not.toMatch(/RSIM-/);
    expect(ourServersLeft()).toEqual([]);
  }, 150_000);

  test('loss: with every packet C sends dropped, the others see it fail and C1 takes over; the loss ends with its rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-'));
    const file = join(dir, 'loss-C.yaml');
    const failC = readFileSync(join(ROOT, 'scenarios', 'fail-C.yaml'), 'utf8');
    const cluster = failC.slice(failC.indexOf('\ncluster:') + 1, failC.indexOf('\nnetwork:') + 1);
    writeFileSync(file, `name: loss-C\nduration: 30s\n${cluster}events:\n  - { at: 10s, loss: { from: C, rate: 1 }, for: 12s }\nexpect:\n  - failover: { failed: C, promoted: C1, within: 10s }\n`);
    const r = sim(['real', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'trial-1', 'summary.json'), 'utf8'));
    expect(summary.failovers[0]).toMatchObject({ failed: 'C', promoted: 'C1' });
    expect(summary.failovers[0].first_fail_ms - summary.failovers[0].fault_ms).toBeGreaterThan(5000);
    expect(spawnSync('iptables', ['-S'], { encoding: 'utf8' }).stdout).not.toMatch(/RSIM-/);
  }, 150_000);
});
