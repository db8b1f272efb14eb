import { join } from 'path';
import { compileScenario, loadScenario, readScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { TOGETHER_SPREAD_US } from '../src/sim/startPhases';

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

  test('a crashed node restarts from its nodes.conf with its epochs, and its timers of the old life never fire', () => {
    const world = runScenario(scenario('restart-failed-master'), { untilUs: 24_000_000 });
    expect(world.node('C')).toBeNull();
    expect(world.journal.events.some((e) => e.node === 'C' && e.timeUs > 10_000_000)).toBe(false);
    expect(world.nodesConf(world.hostOf.get('C') as number)).toMatch(/myself,master .* 10923-16383\n/);
  });

  test('processes started together tick together: after C restarts, the others clear its FAIL within a few ms of each other, not over a whole period', () => {
    const file = join(__dirname, '..', 'scenarios', 'restart-failed-master.yaml');
    const clearSpreadUs = (start: string): number => {
      const world = runScenario(compileScenario(file, readScenarioFile(file).replace(/^cluster:\n/m, `cluster:\n  start: ${start}\n`)));
      const t = world.journal.events.filter((e) => e.event === 'fail_cleared' && e.subject === 'C' && e.timeUs > 25_000_000).map((e) => e.timeUs);
      expect(t).toHaveLength(5);
      return Math.max(...t) - Math.min(...t);
    };
    // Each clears on the PONG to its own reconnect, which its cron tries once a tick.
    expect(clearSpreadUs('together')).toBeLessThan(TOGETHER_SPREAD_US + 1_000);
    expect(clearSpreadUs('apart')).toBeGreaterThan(20_000);
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
