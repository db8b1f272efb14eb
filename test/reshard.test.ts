import { join } from 'path';
import { readFileSync } from 'fs';
import { ClientCommand, ClientReply, WireMessage } from '../src/redis/messages';
import { Dataset } from '../src/redis/dataset';
import { keyHashSlot } from '../src/redis/keySlot';
import { RedisNode } from '../src/redis/nodeState';
import { clusterSetSlotCommand, openSlotAnswer } from '../src/redis/slotMigration';
import { CONFIG_SAVE_MS } from '../src/redis/constants';
import { analyze } from '../src/report/analyze';
import { compileScenario, loadScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { World } from '../src/sim/world';
import { MessageRecord } from '../src/net/network';
import { problems } from './helpers/problems';

/** Slot migration: CLUSTER SETSLOT, MIGRATE's two ends, ASK and ASKING, and redis-cli's reshard driving them. */

const FILE = join(__dirname, '..', 'scenarios', 'reshard-writes.yaml');
const MSET_FILE = join(__dirname, '..', 'scenarios', 'reshard-mset-writes.yaml');
const MOVED_SLOTS = [10923, 11022];
const inMoved = (slot: number): boolean => slot >= MOVED_SLOTS[0] && slot <= MOVED_SLOTS[1];
const node = (world: World, name: string): RedisNode => world.node(name) as RedisNode;

describe('keys by slot', () => {
  test('GETKEYSINSLOT sees keys written before and after the index is built; DEL and RESTORE keep it', () => {
    const d = new Dataset();
    const key = (i: number): string => `{a}k${i}`;
    const slot = keyHashSlot('a');
    d.apply({ command: 'set', key: key(1), value: 1, bytes: 10 });
    expect(d.keysInSlot(slot, 10)).toEqual([key(1)]);
    d.apply({ command: 'rpush', key: key(2), value: 5, bytes: 10 });
    d.apply({ command: 'restore', key: key(3), value: 0, bytes: 10, restored: [7, 8] });
    expect(d.countKeysInSlot(slot)).toBe(3);
    // Newest first, as Redis 7.0 lists a slot's keys.
    expect(d.keysInSlot(slot, 2)).toEqual([key(3), key(2)]);
    expect(d.apply({ command: 'del', key: key(1), value: 0, bytes: 10 })).toBe(1);
    expect(d.apply({ command: 'del', key: key(1), value: 0, bytes: 10 })).toBe(0);
    expect(d.keysInSlot(slot, 10)).toEqual([key(3), key(2)]);
    expect(d.get(key(3))).toEqual([7, 8]);
    expect(d.countKeysInSlot(slot + 1)).toBe(0);
  });
});

describe('CLUSTER SETSLOT', () => {
  // Formed, with keys in C's first slots, before the reshard starts.
  const world = runScenario(loadScenario(FILE), { untilUs: 9_000_000 });
  const id = (name: string): string => node(world, name).myself.name;
  const setslot = (on: string, slot: number, action: 'importing' | 'migrating' | 'node', to: string): string | null => world.process(on).command((n) => clusterSetSlotCommand(n, slot, action, to));

  test('refuses what Redis refuses, with its words', () => {
    expect(setslot('C1', 10923, 'migrating', id('A'))).toBe('Please use SETSLOT only with masters.');
    expect(setslot('B', 10923, 'migrating', id('A'))).toBe("I'm not the owner of hash slot 10923");
    expect(setslot('C', 10923, 'importing', id('A'))).toBe("I'm already the owner of hash slot 10923");
    expect(setslot('C', 10923, 'migrating', 'f'.repeat(40))).toBe(`I don't know about node ${'f'.repeat(40)}`);
    expect(setslot('C', 10923, 'node', 'f'.repeat(40))).toBe(`Unknown node ${'f'.repeat(40)}`);
    expect(setslot('C', 10923, 'migrating', id('A1'))).toBe('Target node is not a master');
    expect(node(world, 'C').data.countKeysInSlot(10923)).toBeGreaterThan(0);
    expect(setslot('C', 10923, 'node', id('A'))).toBe("Can't assign hashslot 10923 to a different node while I still hold keys for this hash slot.");
    expect(node(world, 'C').migratingSlotsTo.size + node(world, 'A').importingSlotsFrom.size).toBe(0);
  });

  test('a SETSLOT that changes the configuration keeps its node busy while nodes.conf is saved; a refused one does not', () => {
    const busyUs = (on: string): number => world.process(on).repliesAt() - world.sim.now();
    expect(setslot('B', 10923, 'migrating', id('A'))).not.toBeNull();
    expect(busyUs('B')).toBe(0);
    expect(setslot('A', 10923, 'importing', id('C'))).toBeNull();
    expect(busyUs('A')).toBe(CONFIG_SAVE_MS * 1000);
  });
});

describe('redis-cli --cluster reshard under writes (reshard-writes)', () => {
  const world = runScenario(loadScenario(FILE), { traceMessages: true });
  const summary = analyze(world.journal);
  const trace = world.net.trace as MessageRecord<WireMessage>[];
  const replies = trace.filter((r): r is MessageRecord<ClientReply> => r.msg.kind === 'reply' && r.msg.error !== null);
  const commands = trace.filter((r): r is MessageRecord<ClientCommand> => r.msg.kind === 'cmd');
  const hostOf = (name: string): number => world.hostOf.get(name) as number;

  test('moves C\'s lowest 100 slots and their keys to A in a fraction of a second', () => {
    const [r] = summary.reshards ?? [];
    expect(r).toMatchObject({ from: 'C', to: 'A', at_ms: 10000, slots: 100 });
    expect(r.keys).toBeGreaterThan(3900);
    expect((r.done_ms as number) - r.at_ms).toBeGreaterThan(100);
    expect((r.done_ms as number) - r.at_ms).toBeLessThan(500);
    expect(summary.faults.find((f) => f.kind === 'reshard')?.until_ms).toBe(r.done_ms);
  });

  test('every node ends with the slots at A, whose configEpoch closing the first import made the greatest', () => {
    for (const map of world.journal.end.slotMaps) {
      const a = map.owners.find((o) => o.owner === 'A');
      expect(a?.slots.has(MOVED_SLOTS[0]) && a.slots.has(MOVED_SLOTS[1]) && !a.slots.has(MOVED_SLOTS[1] + 1)).toBe(true);
    }
    const epochs = ['B', 'C'].map((n) => node(world, n).myself.configEpoch);
    expect(node(world, 'A').myself.configEpoch).toBeGreaterThan(Math.max(...epochs));
    expect(node(world, 'C').migratingSlotsTo.size + node(world, 'A').importingSlotsFrom.size).toBe(0);
  });

  test('the keys left C and C1 and are on A and A1, through both replication streams (DEL and RESTORE)', () => {
    const written = [...new Set((world.journal.end.workload?.ops ?? []).map((o) => o.key))];
    expect(written.length).toBeGreaterThan(4800);
    for (const n of ['C', 'C1']) expect(written.filter((k) => node(world, n).data.get(k) !== undefined)).toEqual([]);
    for (const n of ['A', 'A1']) expect(written.filter((k) => node(world, n).data.get(k) === undefined)).toEqual([]);
  });

  test('C answers ASK for keys it has sent on, the client follows with ASKING to A, and MOVED once a slot is closed', () => {
    const asks = replies.filter((r) => r.msg.error?.startsWith('ASK '));
    expect(asks.length).toBeGreaterThan(0);
    expect(asks.every((r) => r.from === hostOf('C') && r.msg.error?.endsWith(' 127.0.0.1:7000') && inMoved(Number(r.msg.error.split(' ')[1])))).toBe(true);
    // Each ASK is followed by ASKING and the command, to A.
    for (const ask of asks) {
      const next = commands.filter((c) => c.sentUs >= ask.deliveredUs && c.to === hostOf('A')).slice(0, 2);
      expect(next.map((c) => c.msg.name)).toEqual(['ASKING', 'SET']);
    }
    const moved = replies.filter((r) => r.msg.error?.startsWith('MOVED ') && r.from === hostOf('C'));
    expect(moved.length).toBeGreaterThan(0);
  });

  test('no write fails or is lost, and none waits more than a few round trips', () => {
    const w = summary.workload!;
    expect(w.total.writes.failed + w.total.writes.timeout).toBe(0);
    expect(w.total.lost_writes).toBe(0);
    expect(w.total.latency_ms.max as number).toBeLessThan(2);
    expect(summary.expectations.every((e) => e.passed)).toBe(true);
  });
});

describe('a command of two keys while its slot is open (getNodeByQuery)', () => {
  const world = runScenario(loadScenario(MSET_FILE), { untilUs: 9_000_000 });
  const id = (name: string): string => node(world, name).myself.name;
  const slot = 10923;
  world.process('C').command((n) => clusterSetSlotCommand(n, slot, 'migrating', id('A')));
  world.process('A').command((n) => clusterSetSlotCommand(n, slot, 'importing', id('C')));
  const [key] = node(world, 'C').data.keysInSlot(slot, 2).filter((k) => !k.endsWith(':2'));
  const fresh = `${key.slice(0, key.indexOf('}') + 1)}never`;
  const cmd = (name: ClientCommand['name'], k: string, k2: string): ClientCommand => ({ kind: 'cmd', id: 0, name, key: k, key2: k2, slot, value: 1, timeoutMs: 0, bytes: 0 });
  const answer = (on: string, c: ClientCommand, asking: boolean): string | null => world.process(on).command((n) => openSlotAnswer(n, on === 'C', c, asking));

  test('the source serves a pair it has, sends ASK for one it has neither of, and TRYAGAIN for one it has half of', () => {
    expect(answer('C', cmd('MSET', key, `${key}:2`), false)).toBeNull();
    expect(answer('C', cmd('MGET', fresh, `${fresh}:2`), false)).toBe(`ASK ${slot} 127.0.0.1:7000`);
    world.process('C').command((n) => n.data.apply({ command: 'del', key: `${key}:2`, value: 0, bytes: 0 }));
    expect(answer('C', cmd('MSET', key, `${key}:2`), false)).toBe('TRYAGAIN Multiple keys request during rehashing of slot');
  });

  test('the target serves a command flagged ASKING unless it has two keys and lacks one', () => {
    expect(answer('A', cmd('SET', fresh, ''), true)).toBe('serve');
    expect(answer('A', cmd('MSET', fresh, `${fresh}:2`), true)).toBe('TRYAGAIN Multiple keys request during rehashing of slot');
    expect(answer('A', cmd('MSET', fresh, `${fresh}:2`), false)).toBeNull();
  });
});

describe('redis-cli --cluster reshard under MSETs (reshard-mset-writes)', () => {
  const world = runScenario(loadScenario(MSET_FILE), { traceMessages: true });
  const summary = analyze(world.journal);
  const trace = world.net.trace as MessageRecord<WireMessage>[];
  const tryagain = trace.filter((r) => r.msg.kind === 'reply' && r.msg.error?.startsWith('TRYAGAIN '));

  test('A answers TRYAGAIN to a new pair while its slot is open (C never splits a pair), and the client retries until the write succeeds', () => {
    expect(tryagain.length).toBeGreaterThan(0);
    expect(tryagain.every((r) => r.from === world.hostOf.get('A'))).toBe(true);
    const retried = (world.journal.end.workload?.ops ?? []).filter((o) => o.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((o) => o.outcome === 'ok')).toBe(true);
    expect(Math.max(...retried.map((o) => (o.completeUs as number) - o.invokeUs))).toBeGreaterThan(100_000);
  });

  test('no write fails or is lost, and both keys of every pair end on A with the same id', () => {
    const w = summary.workload!;
    expect(w.total.writes.failed + w.total.writes.timeout + w.total.lost_writes).toBe(0);
    const keys = [...new Set((world.journal.end.workload?.ops ?? []).filter((o) => o.slot <= 10932).map((o) => o.key))];
    for (const k of keys) expect(node(world, 'A').data.get(`${k}:2`)).toEqual(node(world, 'A').data.get(k));
    expect(summary.expectations.every((e) => e.passed)).toBe(true);
  });
});

describe('a reshard that cannot finish', () => {
  const text = readFileSync(FILE, 'utf8').replace('    reshard: { from: C, to: A, slots: 100 }', '    reshard: { from: C, to: A, slots: 100 }\n  - at: 10050ms\n    crash: A');
  const world = runScenario(compileScenario(FILE, text));
  const summary = analyze(world.journal);

  test('stops at the first command to a dead node (A), with the slot it was moving left open on C, as redis-cli exits', () => {
    expect(summary.reshards?.[0].done_ms).toBeNull();
    expect(summary.warnings.some((w) => /A: .*node is not running/.test(w))).toBe(true);
    expect(node(world, 'C').migratingSlotsTo.size).toBe(1);
  });
});

describe('a node restarted mid-reshard', () => {
  const text = readFileSync(FILE, 'utf8').replace('    reshard: { from: C, to: A, slots: 100 }', '    reshard: { from: C, to: A, slots: 100 }\n  - at: 10050ms\n    crash: A\n  - at: 12s\n    restart: A');
  const world = runScenario(compileScenario(FILE, text));

  test('keeps the slot it was importing open, from its nodes.conf, as Redis does', () => {
    const [[slot, from]] = [...node(world, 'A').importingSlotsFrom];
    expect(from.name).toBe(node(world, 'C').myself.name);
    expect(node(world, 'C').migratingSlotsTo.get(slot)?.name).toBe(node(world, 'A').myself.name);
  });
});

describe('a reshard redis-cli refuses', () => {
  test('a replica as its source: nothing moves, and the warning is redis-cli\'s', () => {
    const text = readFileSync(FILE, 'utf8').replace('reshard: { from: C, to: A, slots: 100 }', 'reshard: { from: C1, to: A, slots: 5 }');
    const summary = analyze(runScenario(compileScenario(FILE, text)).journal);
    expect(summary.reshards?.[0].done_ms).toBeNull();
    expect(summary.warnings).toEqual([expect.stringMatching(/C1: redis-cli --cluster reshard: \*\*\* The specified node \([0-9a-f]{40}\) is not known or not a master, please retry\./)]);
  });
});

describe('the reshard: event', () => {
  const withEvent = (event: string): string[] => problems(`duration: 30s\ncluster:\n  create: { masters: 3, replicas: 1 }\nevents:\n  - at: 5s\n    reshard: ${event}\n`);

  test('names one source, one other target and a count of slots, or says where it does not', () => {
    expect(withEvent('{ from: C, to: A, slots: 10 }')).toEqual([]);
    expect(withEvent('{ from: C, to: C, slots: 10 }')).toEqual([expect.stringMatching(/^6:\d+: reshard.to: expected a node other than the source, found "C"/)]);
    expect(withEvent('{ from: C, to: Q, slots: 10 }')).toEqual([expect.stringMatching(/^6:\d+: .*unknown node "Q"/)]);
    expect(withEvent('{ from: C, to: A }')).toEqual([expect.stringMatching(/^6:\d+: .*slots/)]);
    expect(withEvent('{ from: C, to: A, slots: 0 }')).toEqual([expect.stringMatching(/^6:\d+: .*slots/)]);
  });
});
