import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Journal } from '../src/journal/journal';
import { parseClusterNodes } from '../src/real/clusterNodes';
import { logStampToUs, parseLog } from '../src/real/logs';
import { backgroundWrites } from '../src/real/backgroundWrites';
import { keyHashSlot } from '../src/redis/keySlot';
import { RealObserver } from '../src/real/observer';
import { redisConf } from '../src/real/redisConf';
import { isOurs } from '../src/real/servers';
import { firewallProblem } from '../src/real/firewall';
import { refuseUnsupported } from '../src/real/support';
import { InputError } from '../src/scenario/errors';
import { loadScenario, parseScenario } from '../src/scenario/load';
import { ROOT, sim } from './helpers/cli';

/** The real-cluster driver's parts that need no server: parsing, the poll trace's events, refusals, cleanup checks. */

const failC = loadScenario(join(ROOT, 'scenarios', 'fail-C.yaml'));
const ID = (c: string): string => c.repeat(40);
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'].map(ID);
const nameOf = (id: string): string => failC.nodes[IDS.indexOf(id)]?.name ?? id.slice(0, 8);

function nodesText(opts: { c1Master?: boolean; cFail?: boolean; cPfail?: boolean }): string {
  const cFlags = opts.cFail ? 'master,fail' : opts.cPfail ? 'master,fail?' : 'master';
  return [
    `${IDS[0]} 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460`,
    `${IDS[1]} 127.0.0.1:7001@17001 master - 0 1000 2 connected 5461-10922`,
    `${IDS[2]} 127.0.0.1:7002@17002 ${cFlags} - 1000 900 3 ${opts.c1Master ? 'disconnected' : 'connected 10923-16383'}`,
    `${IDS[5]} 127.0.0.1:7005@17005 ${opts.c1Master ? 'master' : 'slave'} ${opts.c1Master ? '-' : IDS[2]} 0 1000 ${opts.c1Master ? 7 : 3} connected${opts.c1Master ? ' 10923-16383' : ''}`,
  ].join('\n');
}

describe('parsing what a real server says', () => {
  test('a log stamp is the middle of its millisecond, or of the part of it after the driver\'s command to that node', () => {
    const toUs = (ms: number): number => (ms - 1_000_000) * 1000;
    expect(logStampToUs(toUs, [])(1_015_000)).toBe(15_000_500);
    // CLUSTER FAILOVER TAKEOVER sent at 15000.7 ms: the promotion it logs in that millisecond is after it.
    const after = logStampToUs(toUs, [5_000_000, 15_000_700]);
    expect(after(1_015_000)).toBe(15_000_850);
    expect(after(1_014_999)).toBe(14_999_500);
    expect(after(1_015_001)).toBe(15_001_500);
  });

  test('CLUSTER NODES lines: flags, master, epoch, link and slot ranges', () => {
    const [a, , c, c1] = parseClusterNodes(nodesText({ cPfail: true }));
    expect(a).toMatchObject({ id: IDS[0], port: 7000, myself: true, role: 'master', configEpoch: 1, connected: true });
    expect(a.slots.key).toBe('0-5460');
    expect(c).toMatchObject({ pfail: true, fail: false, pingSentMs: 1000 });
    expect(c1).toMatchObject({ role: 'replica', master: IDS[2] });
  });

  test('log lines become election, vote and FAIL events at the log\'s millisecond', () => {
    const log = [
      `7:S 01 Dec 2026 10:00:01.500 # FAIL message received from ${IDS[0]} about ${IDS[2]}`,
      '7:S 01 Dec 2026 10:00:01.530 # Start of election delayed for 720 milliseconds (rank #0, offset 1234).',
      '7:S 01 Dec 2026 10:00:02.250 # Starting a failover election for epoch 7.',
      "7:S 01 Dec 2026 10:00:02.253 # Failover election won: I'm the new master.",
      `7:M 01 Dec 2026 10:00:02.300 # Failover auth granted to ${IDS[5]} for epoch 7`,
      'not a log line',
    ].join('\n');
    const t0 = Date.UTC(2026, 11, 1, 10, 0, 0);
    const { events, promotions } = parseLog(log, nameOf, (ms) => (ms - t0) * 1000, 2);
    expect(promotions).toEqual([2_253_000]);
    expect(events.map((e) => [e.timeUs, e.event, e.subject, e.epoch])).toEqual([
      [1_500_000, 'fail_set', 'C', ''],
      [1_530_000, 'election_scheduled', '', ''],
      [2_250_000, 'election_started', '', 7],
      [2_253_000, 'election_won', '', 7],
      [2_300_000, 'vote_granted', 'C1', 7],
    ]);
    expect(events[0].detail).toEqual({ from: 'A' });
    expect(events[1].detail).toEqual({ delay_ms: 720, rank: 0, offset: 1234 });
  });
});

describe('the poll trace as events', () => {
  test('answers that differ become PFAIL, role, slots, promotion and cluster_state events; equal ones nothing', () => {
    const journal = new Journal(failC, 1, IDS);
    const obs = new RealObserver(failC.nodes, failC.nodes.map(() => '127.0.0.1'), journal, nameOf, (ms) => ms * 1000, () => 0);
    const info = (state: string): string => `cluster_state:${state}\r\ncluster_current_epoch:7\r\n`;
    obs.observe('A', 1, nodesText({}), info('ok'), ['master', 0, []]);
    obs.observe('A', 2, nodesText({}), info('ok'), ['master', 0, []]);
    obs.observe('A', 3, nodesText({ cPfail: true }), info('ok'), ['master', 0, []]);
    obs.observe('A', 4, nodesText({ cFail: true }), info('fail'), ['master', 0, []]);
    obs.observe('A', 5, nodesText({ cFail: true, c1Master: true }), info('ok'), ['master', 0, []]);
    obs.close();
    expect(journal.events.map((e) => [e.timeUs, e.event, e.subject])).toEqual([
      [3000, 'pfail_set', 'C'],
      [4000, 'cluster_state', 'A'],
      [5000, 'role_change', 'C1'],
      [5000, 'slots_changed', 'C1'],
      [5000, 'cluster_state', 'A'],
    ]);
    expect(journal.views.map((v) => [v.state, v.pfail, v.fail])).toEqual([
      ['ok', 0, 0],
      ['ok', 1, 0],
      ['fail', 0, 1],
      ['ok', 0, 1],
    ]);
  });
});

describe('what sim real refuses or configures', () => {
  test('write-rate becomes a SET every 100 ms into each starting master\'s slots, of a tenth of its bytes per second', () => {
    const s = loadScenario(join(ROOT, 'scenarios', 'replica-ranking.yaml'));
    const writes = backgroundWrites(s);
    expect(writes.map((w) => w.value.length)).toEqual([10_000, 10_000, 10_000]);
    writes.forEach((w, i) => expect(s.nodes[i].slots.has(keyHashSlot(w.key))).toBe(true));
    expect(backgroundWrites(loadScenario(join(ROOT, 'scenarios', 'fail-C.yaml'))).map((w) => w.value.length)).toEqual([100, 100, 100]);
  });

  test('latency, drop-mode loss and clock faults are refused up front, each at its line; partitions and loss only without root and iptables', () => {
    const problems = (text: string): string[] => {
      try {
        refuseUnsupported(parseScenario('p.yaml', text));
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).problems.map((p) => `${p.line}: ${p.message}`);
      }
    };
    const scenario = (events: string, network = ''): string => `duration: 30s\ncluster:\n  create: { masters: 3, replicas: 1 }\n${network}events:\n${events}`;
    const why = firewallProblem();
    const firewalled = (line: number, key: string): RegExp[] => (why ? [new RegExp(`^${line}: sim real cannot run "${key}": ${why.replace(/[()]/g, '.')}`)] : []);
    const events = [
      '  - { at: 5s, clock-jump: { node: A, by: 1s } }',
      '  - { at: 6s, loss: { from: A, to: B, rate: 0.1 } }',
      '  - { at: 7s, loss: { from: A, to: B, rate: 0.1, mode: drop } }',
      '  - { at: 8s, latency: { from: A, base: 5ms } }',
    ];
    expect(problems(scenario(events.join('\n') + '\n'))).toEqual(
      [/^5: sim real cannot run "clock-jump"/, ...firewalled(6, 'loss'), ...firewalled(7, 'loss'), /^7: sim real cannot run "loss": drop-mode/, /^8: sim real cannot run "latency": .*netem/].map((r) => expect.stringMatching(r)),
    );
    expect(problems(scenario(events[1] + '\n', 'network:\n  profile: datacenter\n  loss: 0.05\n  loss-mode: drop\n'))).toEqual(
      [/^5: sim real cannot set network.profile/, ...(why ? [/^6: sim real cannot set network.loss: /] : []), /^7: sim real cannot set network.loss-mode: drop-mode/, ...firewalled(9, 'loss'), /^9: sim real cannot run "loss": drop-mode/].map((r) => expect.stringMatching(r)),
    );
    const partition = problems(readFileSync(join(ROOT, 'scenarios', 'partition-minority-master.yaml'), 'utf8'));
    expect(partition).toEqual(firewalled(10, "isolate").map((r) => expect.stringMatching(r)));
    expect(problems(readFileSync(join(ROOT, 'scenarios', 'restart-failed-master.yaml'), 'utf8'))).toEqual([]);
  });

  test('redis.conf carries the scenario\'s redis.conf options by name, and none of the simulated machine\'s', () => {
    const conf = redisConf(failC.nodes[2], '127.0.0.1', '/tmp/x');
    expect(conf).toMatch(/^port 7002$/m);
    expect(conf).toMatch(/^cluster-node-timeout 5000$/m);
    expect(conf).toMatch(/^repl-diskless-sync yes$/m);
    expect(conf).not.toMatch(/write-rate|config-fsync-ms|startup-ms|dataset-bytes/);
  });

  test('a recorded PID is signalled only when it is still a redis-server in one of our directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-'));
    writeFileSync(join(dir, 'x'), '');
    expect(isOurs(process.pid, dir)).toBe(false);
    const sleeper = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
    expect(isOurs(Number(sleeper.stdout.trim()), dir)).toBe(false);
  });
});

describe('sim real without a server', () => {
  test('exits 2 with the install command when redis-server cannot be run', () => {
    const r = sim(['real', join(ROOT, 'scenarios', 'fail-C.yaml'), '--redis-server', '/nonexistent/redis-server']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/apt-get install redis-server/);
  });
});
