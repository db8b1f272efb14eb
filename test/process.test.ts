import { join } from 'path';
import { compileScenario, loadScenario, readScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { TOGETHER_SPREAD_US } from '../src/sim/startPhases';
import { startNode } from '../src/redis/eventLoop';
import { nodeOf } from './helpers/fakeNode';

const scenario = (name: string) => loadScenario(join(__dirname, '..', 'scenarios', `${name}.yaml`));

describe('node processes', () => {
  test('a paused node does nothing while stopped, then handles what queued up at the moment it resumes', () => {
    const world = runScenario(scenario('pause-short'), { untilUs: 20_000_000 });
    const fromC = world.journal.events.filter((e) => e.node === 'C');
    expect(fromC.some((e) => e.timeUs > 10_000_000 && e.timeUs < 13_000_000)).toBe(false);
    const cSent = world.net.stats.hostCounters(world.hostOf.get('C') as number).get('pong')?.sent ?? 0;
    expect(cSent).toBeGreaterThan(0);
    // Peers kept their links to the paused node: nobody saw it close.
    expect(world.journal.events.some((e) => e.event === 'link_closed' && e.subject === 'C')).toBe(false);
  });

  test("a killed process's kernel still delivers what a cut held: C's PONG to C2 arrives after the heal, and C2 never flags C itself", () => {
    // replica-ranking, seed 4: C2 pings C during the cut (8-11 s); C answers, the cut holds the PONG, C dies at 10 s.
    const world = runScenario({ ...scenario('replica-ranking'), seed: 4 }, { traceMessages: true });
    const [c, c2] = ['C', 'C2'].map((n) => world.hostOf.get(n) as number);
    const pongs = (world.net.trace ?? []).filter((r) => r.from === c && r.to === c2 && r.msg.kind === 'bus' && r.msg.type === 'pong');
    expect(pongs.some((r) => r.deliveredUs > 11_000_000)).toBe(true);
    expect(world.journal.events.some((e) => e.event === 'pfail_set' && e.node === 'C2' && e.subject === 'C')).toBe(false);
    expect(world.journal.events.some((e) => e.event === 'pfail_set' && e.subject === 'C')).toBe(true);
  });

  test("a master's replication stream is as large on the wire as the write-rate traffic it carries", () => {
    // replica-ranking: write-rate 100000 bytes/s to C's two replicas, from when the cluster is ok (about 2 s) until C dies at 10 s.
    const world = runScenario(scenario('replica-ranking'));
    const sent = world.net.stats.hostCounters(world.hostOf.get('C') as number).get('replication')?.bytesSent ?? 0;
    expect(sent).toBeGreaterThan(2 * 100_000 * 7);
    expect(sent).toBeLessThan(2 * 100_000 * 10);
  });

  test('a crashed node restarts from its nodes.conf with its epochs, and its timers of the old life never fire', () => {
    const world = runScenario(scenario('restart-failed-master'), { untilUs: 24_000_000 });
    expect(world.node('C')).toBeNull();
    expect(world.journal.events.some((e) => e.node === 'C' && e.timeUs > 10_000_000)).toBe(false);
    expect(world.nodesConf(world.hostOf.get('C') as number)).toMatch(/myself,master .* 10923-16383\n/);
  });

  test('processes started together tick close together, and drift apart: after C restarts, the others mostly clear its FAIL within tens of ms of each other, not over a whole period', () => {
    const file = join(__dirname, '..', 'scenarios', 'restart-failed-master.yaml');
    const clearSpreadUs = (start: string, seed: number): number => {
      const text = readScenarioFile(file).replace(/^cluster:\n/m, `cluster:\n  start: ${start}\n`).replace(/^seed: \d+$/m, `seed: ${seed}`);
      const world = runScenario(compileScenario(file, text));
      const t = world.journal.events.filter((e) => e.event === 'fail_cleared' && e.subject === 'C' && e.timeUs > 25_000_000).map((e) => e.timeUs);
      expect(t).toHaveLength(5);
      return Math.max(...t) - Math.min(...t);
    };
    // Each clears on the PONG to its own reconnect, which its cron tries once a tick.
    const median = (start: string): number => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((seed) => clearSpreadUs(start, seed)).sort((a, b) => a - b)[4];
    expect(median('together')).toBeLessThan(TOGETHER_SPREAD_US + 10_000);
    expect(median('apart')).toBeGreaterThan(TOGETHER_SPREAD_US + 10_000);
  });

  test('a cron tick lasts 100.35 to 101.35 ms, drawn anew each tick: epoll rounds the wait up to a whole ms', () => {
    const c = nodeOf('A');
    startNode(c.node, true);
    const periods: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const due = c.env.timers[c.env.timers.length - 1];
      c.env.time += Math.round(due.delayMs);
      due.fn();
      periods.push(c.env.timers[c.env.timers.length - 1].delayMs);
    }
    expect(Math.min(...periods)).toBeGreaterThanOrEqual(100.35);
    expect(Math.max(...periods)).toBeLessThan(101.35);
    const mean = periods.reduce((a, b) => a + b, 0) / periods.length;
    expect(mean).toBeGreaterThan(100.82);
    expect(mean).toBeLessThan(100.88);
    // Independent draws: half the time a tick is longer than the one before.
    const longer = periods.slice(1).filter((p, i) => p > periods[i]).length / (periods.length - 1);
    expect(longer).toBeGreaterThan(0.45);
    expect(longer).toBeLessThan(0.55);
  });

  test('clock skew moves a node\'s own notion of time, not the simulation', () => {
    const s = scenario('fail-C');
    s.schedule.push({ atUs: 1_000_000, fault: { kind: 'clock-jump', params: { nodes: ['A'], by: '3s', byUs: 3_000_000 } }, occurrence: 99, undo: false });
    const world = runScenario(s, { untilUs: 2_000_000 });
    const a = world.process('A');
    const b = world.process('B');
    expect(a.now() - b.now()).toBe(3000);
  });
});

describe('a restarted process', () => {
  test('listens after its start-up time, runs its first clusterCron about 1 ms later, and pings at once', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const s = loadScenario(join(__dirname, '..', 'scenarios', 'restart-failed-master.yaml'), seed);
      const restartUs = s.schedule.find((x) => x.fault.kind === 'restart')?.atUs as number;
      const startupUs = s.nodes[2].options['startup-ms'] * 1000;
      const world = runScenario(s, { traceMessages: true, untilUs: restartUs + 500_000 });
      const c = world.hostOf.get('C');
      const sentByC = world.net.trace?.filter((m) => m.from === c && m.sentUs >= restartUs) ?? [];
      expect(sentByC[0].sentUs - restartUs).toBeGreaterThanOrEqual(startupUs);
      const firstPing = sentByC.find((m) => m.info.type === 'ping');
      expect((firstPing?.sentUs as number) - restartUs).toBeLessThan(startupUs + 2_000);
    }
  });
});
