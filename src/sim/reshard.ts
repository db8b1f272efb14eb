import { RandomStream } from '../engine/random';
import { sampleLatency } from '../net/latency';
import { RedisNode } from '../redis/nodeState';
import { Value } from '../redis/dataset';
import { clusterGetKeysInSlot, clusterSetSlotCommand, migrateKeys, restoreAsking } from '../redis/slotMigration';
import { World } from './world';

/**
 * `redis-cli --cluster reshard --cluster-from F --cluster-to T --cluster-slots N --cluster-yes`, as
 * redis-cli 7.0 moves each slot (clusterManagerMoveSlot): SETSLOT IMPORTING on the target, MIGRATING
 * on the source, GETKEYSINSLOT and MIGRATE of `pipeline` keys at a time until none are left, then
 * SETSLOT NODE on the target, the source and every other master. With one source redis-cli takes
 * its lowest N slots. Each command waits for its reply, a round trip on the scenario's network (on
 * loopback about 0.1 ms, as SETSLOT and GETKEYSINSLOT take on a real node); MIGRATE's keys move at
 * one instant (Redis blocks the source for its own round trip to the target); a node blocked in an fsync of nodes.conf (closing an
 * import bumps the target's configEpoch) answers when it ends. An error reply or a node not running ends the reshard
 * where it stands, its slot left open, as redis-cli exits.
 */

interface Step {
  node: string;
  command: string;
  /** The reply: an error text, or what the next step needs. */
  run(node: RedisNode): string | null | string[];
  /** MIGRATE: its keys count as moved. */
  migrate?: boolean;
}

/**
 * redis-cli's start-up before it checks the cluster (CLUSTER NODES and INFO of each node, a round
 * trip each): a one-slot reshard takes 12 ms with redis-cli 7.0.15 on six idle real nodes.
 */
const REDIS_CLI_START_US = 10_000;

/** An error SETSLOT NODE on the source may answer, and redis-cli ignores (the source has become a replica: #9223). */
const SOURCE_NOW_REPLICA = 'Please use SETSLOT only with masters.';

/** `fail` records an error reply (or a node not answering) as the fault target's command errors are. */
export function startReshard(world: World, from: string, to: string, count: number, pipeline: number, occurrence: number, fail: (node: string, command: string, error: string) => void): void {
  const source = world.node(from);
  const target = world.node(to);
  const rng = RandomStream.derive(world.seed, `operator/reshard/${occurrence}`);
  const rtt = (): number => 2 * sampleLatency(world.scenario.network.latency, rng);
  if (!source || !target) return fail(source ? to : from, 'CLUSTER NODES', 'node is not running');
  for (const [name, n] of [[from, source], [to, target]] as const) {
    if (!n.myself.isMaster) return fail(name, 'redis-cli --cluster reshard', `*** The specified node (${n.myself.name}) is not known or not a master, please retry.`);
  }
  const slots = lowestSlots(source, count);
  const masters = world.scenario.nodes.map((n) => n.name).filter((n) => n !== from && n !== to && world.node(n)?.myself.isMaster);
  // RESTORE-ASKING runs in the target's own event-loop iteration, inside the source's MIGRATE.
  const restore = (entries: [string, Value][]): void => world.process(to).command((t) => restoreAsking(t, entries));
  const steps = moveSlots(slots, from, to, source.myself.name, target.myself.name, masters, pipeline, restore);
  let reply: string | null | string[] = null;
  let keys = 0;
  const next = (afterUs: number): void => {
    const step = steps.next(reply);
    if (step.done) {
      world.sim.after(afterUs, () => world.journal.event(world.sim.now(), '-', 'reshard_done', to, '', { from, to, slots: slots.length, keys }));
      return;
    }
    const s = step.value;
    const send = (): void => {
      const proc = world.process(s.node);
      const targetDown = s.migrate && world.process(to).state !== 'running';
      if (!proc.node || proc.state !== 'running' || targetDown) return fail(targetDown ? to : s.node, s.command, 'node is not running');
      // A node blocked (in an fsync of nodes.conf) reads the command when the block ends.
      if (proc.repliesAt() > world.sim.now()) return void world.sim.at(proc.repliesAt(), send);
      reply = proc.command((n) => s.run(n));
      if (typeof reply === 'string' && !(reply === SOURCE_NOW_REPLICA && s.node === from)) return fail(s.node, s.command, reply);
      if (s.migrate && Array.isArray(reply)) keys += reply.length;
      next(proc.repliesAt() - world.sim.now());
    };
    world.sim.after(afterUs + rtt(), send);
  };
  let startUs = REDIS_CLI_START_US;
  for (let i = 0; i < 2 * world.scenario.nodes.length; i++) startUs += rtt();
  next(startUs);
}

/** With one source, redis-cli moves its lowest slots. */
function lowestSlots(source: RedisNode, count: number): number[] {
  const slots: number[] = [];
  source.myself.slots.forEach((s) => {
    if (slots.length < count) slots.push(s);
  });
  return slots;
}

/** The commands of redis-cli's reshard, each given the previous one's reply. */
function* moveSlots(slots: number[], from: string, to: string, fromId: string, toId: string, masters: string[], pipeline: number, restore: (entries: [string, Value][]) => void): Generator<Step, void, string | null | string[]> {
  for (const slot of slots) {
    yield { node: to, command: `CLUSTER SETSLOT ${slot} IMPORTING`, run: (n) => clusterSetSlotCommand(n, slot, 'importing', fromId) };
    yield { node: from, command: `CLUSTER SETSLOT ${slot} MIGRATING`, run: (n) => clusterSetSlotCommand(n, slot, 'migrating', toId) };
    for (;;) {
      const keys = (yield { node: from, command: `CLUSTER GETKEYSINSLOT ${slot} ${pipeline}`, run: (n) => clusterGetKeysInSlot(n, slot, pipeline) }) as string[];
      if (keys.length === 0) break;
      yield { node: from, command: 'MIGRATE', migrate: true, run: (n) => migrateKeys(n, keys, restore) };
    }
    for (const node of [to, from, ...masters]) {
      yield { node, command: `CLUSTER SETSLOT ${slot} NODE`, run: (n) => clusterSetSlotCommand(n, slot, 'node', toId) };
    }
  }
}
