import { join } from 'path';
import { AnyEvent } from '../src/journal/journal';
import { ClusterOptions } from '../src/redis/config';
import { NodeFlag } from '../src/redis/messages';
import { loadScenario } from '../src/scenario/load';
import { Scenario } from '../src/scenario/types';
import { runScenario, RunOptions } from '../src/sim/run';

/** What follows a fault: the event loop on SIGCONT, fsync before writes, replication's resync, epochs. */

function scenario(name: string, seed = 1, options: Partial<ClusterOptions> = {}): Scenario {
  const s = loadScenario(join(__dirname, '..', 'scenarios', `${name}.yaml`), seed);
  for (const n of s.nodes) n.options = { ...n.options, ...options };
  return s;
}

function run(s: Scenario, opts: RunOptions = {}) {
  const world = runScenario(s, opts);
  const at = (pred: (e: AnyEvent) => boolean): number | undefined => world.journal.events.find(pred)?.timeUs;
  return { world, events: world.journal.events, at };
}

const faultAt = (s: Scenario, kind: string, undo = false): number => {
  const at = s.schedule.find((x) => x.fault.kind === kind && x.undo === undo)?.atUs;
  if (at === undefined) throw new Error(`no ${kind} in ${s.name}`);
  return at;
};

describe('a resumed process (SIGCONT)', () => {
  test('reads every buffered socket event before its overdue cron: no ping it sends says master', () => {
    let pings = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const s = scenario('pause-long', seed);
      const resumeUs = faultAt(s, 'pause', true);
      const { world, at } = run(s, { traceMessages: true, untilUs: resumeUs + 1_000_000 });
      const c = world.hostOf.get('C');
      // The buffered messages include the news of C1's promotion: C is a replica within that one iteration.
      expect(at((e) => e.node === 'C' && e.event === 'role_change' && e.subject === 'C' && e.timeUs >= resumeUs)).toBe(resumeUs);
      const cronPings = (world.net.trace ?? []).filter((m) => m.from === c && m.sentUs >= resumeUs && m.msg.kind === 'bus' && m.msg.type === 'ping');
      pings += cronPings.length;
      expect(cronPings.filter((m) => m.msg.kind === 'bus' && m.msg.flags & NodeFlag.MASTER)).toEqual([]);
    }
    expect(pings).toBeGreaterThan(0);
  });
});

describe('nodes.conf saved with fsync', () => {
  const voteDelay = (fsyncMs: number): number => {
    const s = scenario('fail-C', 1, { 'config-fsync-ms': fsyncMs });
    const { world } = run(s, { traceMessages: true });
    const trace = world.net.trace ?? [];
    const a = world.hostOf.get('A');
    const request = trace.find((m) => m.to === a && m.info.type === 'auth-req' && m.deliveredUs > 0);
    const ack = trace.find((m) => m.from === a && m.info.type === 'auth-ack');
    return (ack?.sentUs as number) - (request?.deliveredUs as number);
  };

  test('a voter writes its vote only after the fsync the vote requires', () => {
    expect(voteDelay(0)).toBeLessThan(100);
    expect(voteDelay(3)).toBeGreaterThanOrEqual(3000);
  });
});

describe('replication after a fault', () => {
  const restartSync = (options: Partial<ClusterOptions>) => {
    const s = scenario('restart-failed-master', 1, options);
    const { at, events } = run(s);
    const restartUs = faultAt(s, 'restart');
    const sync = events.find((e) => e.node === 'C' && e.event === 'replication_sync' && e.timeUs > restartUs);
    const up = at((e) => e.node === 'C' && e.event === 'replication_connected' && e.timeUs > restartUs) as number;
    return { mode: sync?.event === 'replication_sync' ? sync.detail.mode : undefined, upMs: (up - restartUs) / 1000 };
  };

  test('a restarted node has no RDB to resume from: it full-resyncs after the diskless delay', () => {
    const r = restartSync({});
    expect(r.mode).toBe('full');
    // Idle for repl-diskless-sync-delay whole seconds, seen by the master's once-a-second replicationCron.
    expect(r.upMs).toBeGreaterThan(4000);
    expect(r.upMs).toBeLessThan(6100);
  });

  test('without diskless sync (or with no delay) the snapshot starts at once', () => {
    expect(restartSync({ 'repl-diskless-sync': false }).upMs).toBeLessThan(100);
    expect(restartSync({ 'repl-diskless-sync-delay': 0 }).upMs).toBeLessThan(100);
  });

  test('a bigger dataset takes longer to load', () => {
    const small = restartSync({ 'repl-diskless-sync-delay': 0 }).upMs;
    const big = restartSync({ 'repl-diskless-sync-delay': 0, 'dataset-bytes': 100_000_000 }).upMs;
    expect(big - small).toBeGreaterThan(100_000_000 / 200_000 - 10);
  });

  test('the old master resumes from the backlog after a manual failover (its offset is the new master\'s)', () => {
    const { events } = run(scenario('manual-failover-default'));
    const sync = events.find((e) => e.node === 'C' && e.event === 'replication_sync');
    expect(sync?.event === 'replication_sync' && sync.detail.mode).toBe('partial');
  });

  test('an old master that went on taking writes on the minority side needs a full resync after the heal', () => {
    const { events } = run(scenario('partition-minority-master'));
    const sync = events.find((e) => e.node === 'C' && e.event === 'replication_sync');
    expect(sync?.event === 'replication_sync' && sync.detail.mode).toBe('full');
  });
});

describe('epochs at the start', () => {
  const takeoverEpoch = (configEpochOfC1?: number): number => {
    const s = scenario('manual-failover-takeover');
    if (configEpochOfC1 !== undefined) s.nodes.find((n) => n.name === 'C1')!.configEpoch = configEpochOfC1;
    const { events } = run(s);
    const won = events.filter((e) => e.node === 'C1' && e.event === 'slots_changed' && e.subject === 'C1');
    return won[0]?.epoch as number;
  };

  test('TAKEOVER keeps the configEpoch redis-cli gave a replica when it is already the greatest', () => {
    // Six nodes, config epochs 1..6 in node order: C1 is last and holds 6.
    expect(takeoverEpoch()).toBe(6);
    expect(takeoverEpoch(0)).toBe(7);
  });
});

describe('a cluster made by CLUSTER MEET and REPLICATE', () => {
  test('forms with distinct master epochs from collisions, each replica following its master; TAKEOVER bumps unless it holds the greatest', () => {
    const s = scenario('manual-failover-takeover');
    s.formation = 'meet';
    const { events, world } = run(s, { untilUs: 9_000_000 });
    for (const n of s.nodes) {
      const last = events.filter((e) => e.node === n.name && e.event === 'cluster_state').at(-1);
      expect(last?.event === 'cluster_state' && last.detail.state).toBe('ok');
      expect(world.node(n.name)!.nodeList).toHaveLength(s.nodes.length);
    }
    const epochs = s.nodes.map((n) => world.node(n.name)!.myself.configEpoch);
    expect(new Set(epochs.slice(0, 3)).size).toBe(3);
    s.nodes.filter((n) => n.replicaOf).forEach((n) => expect(world.node(n.name)!.myself.slaveof?.name).toBe(world.ids[s.nodes.findIndex((m) => m.name === n.replicaOf)]));
    const c1 = epochs[5];
    const greatest = c1 !== 0 && c1 === Math.max(...epochs);
    const bumped = run(s).events.some((e) => e.node === 'C1' && e.event === 'config_epoch' && e.detail.cause === 'bump');
    expect(bumped).toBe(!greatest);
  });
});
