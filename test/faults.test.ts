import { AnyEvent } from '../src/journal/journal';
import { flagsText } from '../src/redis/clusterNodesFormat';
import { InputError } from '../src/scenario/errors';
import { compileScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { World } from '../src/sim/world';

const base = (events: string, links = '') => `duration: 30s
cluster:
  create: { masters: 3, replicas: 1 }
network:
  latency: { base: 40us }
${links}
events:
${events}
`;

const run = (text: string, untilUs: number): World => runScenario(compileScenario('f.yaml', text), { untilUs });
const link = (w: World, a: string, b: string) => w.net.linkConfig(w.hostOf.get(a) as number, w.hostOf.get(b) as number);
const blocked = (w: World, a: string, b: string) => w.net.isBlocked(w.hostOf.get(a) as number, w.hostOf.get(b) as number);

describe('a fault undone by for: restores exactly what it replaced', () => {
  const override = '  links:\n    - { from: [A], to: [B], latency: { base: 2ms }, loss: 0.01 }';

  test('timed loss and latency give a link back its own override, not the scenario-wide values', () => {
    const text = base('  - { at: 1s, loss: { from: A, to: all, rate: 0.2 }, for: 2s }\n  - { at: 1s, latency: { from: A, to: all, base: 9ms }, for: 2s }', override);
    const during = run(text, 2_000_000);
    expect(link(during, 'A', 'B')).toMatchObject({ loss: 0.2, latency: { base: 9000 } });
    const after = run(text, 4_000_000);
    expect(link(after, 'A', 'B')).toMatchObject({ loss: 0.01, latency: { base: 2000 } });
    expect(link(after, 'A', 'C')).toMatchObject({ loss: 0, latency: { base: 40 } });
  });

  test('overlapping faults on one link: each undo restores only the field it changed', () => {
    const text = base('  - { at: 1s, loss: { from: A, to: B, rate: 0.5 }, for: 4s }\n  - { at: 2s, latency: { from: A, to: B, base: 9ms }, for: 1s }', override);
    const mid = run(text, 3_500_000);
    expect(link(mid, 'A', 'B')).toMatchObject({ loss: 0.5, latency: { base: 2000 } });
  });

  test("a partition's undo leaves a cut made by another fault that is still in effect", () => {
    const text = base('  - { at: 1s, isolate: C, for: 10s }\n  - { at: 2s, partition: { from: C, to: A, one-way: true }, for: 2s }');
    const w = run(text, 5_000_000);
    expect(blocked(w, 'C', 'A')).toBe(true);
    expect(blocked(w, 'A', 'C')).toBe(true);
    const healed = run(text, 12_000_000);
    expect(blocked(healed, 'C', 'A')).toBe(false);
  });
});

describe('faults that would do nothing are refused where the schedule shows it', () => {
  const problems = (events: string): string[] => {
    try {
      compileScenario('f.yaml', base(events));
    } catch (e) {
      return (e as InputError).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    }
    return [];
  };

  test('a restart of a running node and a crash of a dead one', () => {
    expect(problems('  - { at: 1s, restart: C }')).toEqual(['8:24: restart: C is running at 1s, so this would do nothing; restart acts on a dead node']);
    expect(problems('  - { at: 1s, crash: C }\n  - { at: 2s, crash: C }')).toEqual(['9:22: crash: C is dead at 2s, so this would do nothing; crash acts on a running or paused (SIGSTOP) node']);
    expect(problems('  - { at: 1s, crash: C, repeat: { every: 5s, times: 2 } }')).toHaveLength(1);
  });

  test('the schedule is followed in time order, not file order; a crash, a restart and a crash again are fine', () => {
    expect(problems('  - { at: 9s, crash: C }\n  - { at: 5s, restart: C }\n  - { at: 1s, crash: C }')).toEqual([]);
    expect(problems('  - { at: 1s, pause: B, for: 2s }\n  - { at: 4s, pause: B }\n  - { at: 5s, resume: B }')).toEqual([]);
    expect(problems('  - { at: 1s, resume: B }')).toEqual(['8:23: resume: B is running at 1s, so this would do nothing; resume acts on a paused (SIGSTOP) node']);
  });

  test('a random pick draws among the nodes live at its time', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = compileScenario('f.yaml', base('  - { at: 1s, crash: [A, B] }\n  - { at: 2s, crash: { random: masters } }'), seed);
      expect(s.schedule[1].fault.params).toEqual(['C']);
    }
  });
});

describe('shutdown', () => {
  test('the node exits like a crash for the cluster (its replica takes over), and restarts from its nodes.conf', () => {
    const text = base('  - { at: 2s, shutdown: C }\n  - { at: 25s, restart: C }').replace('duration: 30s', 'duration: 40s');
    const world = run(text, 40_000_000);
    const events = world.journal.events;
    expect(events.find((e) => e.event === 'fault')).toMatchObject({ subject: 'C', detail: { label: 'shutdown C', nodes: ['C'] } });
    expect(events.some((e) => e.event === 'master_replaced' && e.subject === 'C' && e.node === 'C1')).toBe(true);
    expect(world.process('C').state).toBe('running');
  });
});

describe('cluster-replica-no-failover', () => {
  const text = `duration: 30s
cluster:
  create: { masters: 3, replicas: 2 }
  config: { cluster-node-timeout: 3000 }
  node-config:
    C1: { cluster-replica-no-failover: yes }
events:
  - { at: 5s, crash: C }
`;

  test('the replica advertises nofailover (clusterUpdateMyselfFlags), every node sees it, and its sibling leaves it out of its rank', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const world = runScenario(compileScenario('n.yaml', text, seed), { untilUs: 30_000_000 });
      const c1 = world.node('C1')?.myself.name;
      const seen = ['A', 'B', 'C2'].map((n) => flagsText(world.node(n)?.lookup(c1)?.flags ?? 0));
      expect(seen.every((flags) => flags.includes('nofailover'))).toBe(true);
      const scheduled = world.journal.events.filter((e): e is AnyEvent & { event: 'election_scheduled' } => e.event === 'election_scheduled' && e.node === 'C2');
      expect(scheduled.map((e) => e.detail.rank)).toEqual([0]);
      expect(world.journal.events.some((e) => e.event === 'election_scheduled' && e.node === 'C1')).toBe(false);
    }
  });
});
