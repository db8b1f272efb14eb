import { join } from 'path';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { Backlog } from '../src/redis/backlog';
import { Dataset, WriteOp } from '../src/redis/dataset';
import { crc16, keyHashSlot } from '../src/redis/keySlot';
import { SlotSet } from '../src/redis/slotSet';
import { analyze } from '../src/report/analyze';
import { lostWrites, reasonOf, staleReads } from '../src/report/workload';
import { workloadFiles } from '../src/report/workloadFiles';
import { compileScenario, loadScenario } from '../src/scenario/load';
import { Scenario } from '../src/scenario/types';
import { runScenario } from '../src/sim/run';
import { runRow } from '../src/sweep/row';
import { Keys } from '../src/workload/keyspace';
import { OpRecord } from '../src/workload/history';
import { ClientThread } from '../src/workload/clientThread';
import { Simulator } from '../src/engine/simulator';
import { sim } from './helpers/cli';
import { nodeOf, rec, TestCluster } from './helpers/fakeNode';
import { handleClientCommand } from '../src/redis/commands';
import { handleReplicationMessage, setMaster } from '../src/redis/replication';
import { ClientCommand, ClientReply, ReplicationMessage } from '../src/redis/messages';
import { problems } from './helpers/problems';

/** Clients and data: keys in slots, replication of writes, the ioredis-like client, and what the reports say. */

const file = (name: string): string => join(__dirname, '..', 'scenarios', `${name}.yaml`);

function run(s: Scenario) {
  const world = runScenario(s);
  return { world, summary: analyze(world.journal), ops: world.journal.end.workload?.ops ?? [] };
}

function write(key: string, value: number, command: WriteOp['command'] = 'set'): WriteOp {
  return { command, key, value, bytes: 30 + key.length };
}

describe('keys and slots', () => {
  test('CRC16 and hash slots are Redis Cluster\'s (values from the cluster specification and CLUSTER KEYSLOT)', () => {
    expect(crc16('123456789')).toBe(0x31c3);
    expect(keyHashSlot('foo')).toBe(12182);
    expect(keyHashSlot('{user1000}.following')).toBe(keyHashSlot('{user1000}.followers'));
    expect(keyHashSlot('{user1000}.following')).toBe(keyHashSlot('user1000'));
    // An empty tag is no tag: the whole key is hashed; only the first { counts.
    expect(keyHashSlot('foo{}{bar}')).toBe(crc16('foo{}{bar}') % 16384);
    expect(keyHashSlot('foo{{bar}}zap')).toBe(crc16('{bar') % 16384);
  });

  test('keys meant for a slot range carry hash tags that land in it, spread over the range', () => {
    const k = new Keys('app', { count: 5461, slots: SlotSet.of([[10923, 16383]]) });
    expect(Math.min(...k.slots)).toBe(10923);
    expect(Math.max(...k.slots)).toBe(16383);
    expect(new Set(k.slots).size).toBe(5461);
    k.names.forEach((n, i) => expect(keyHashSlot(n)).toBe(k.slots[i]));
    expect(new Keys('app', { count: 3, slots: null }).names).toEqual(['app:0', 'app:1', 'app:2']);
  });

  test('for MSET and MGET each key has a second one in its slot, untagged keys becoming their own tag', () => {
    const tagged = new Keys('app', { count: 50, slots: SlotSet.of([[100, 109]]) }, true);
    const plain = new Keys('app', { count: 50, slots: null }, true);
    for (const k of [tagged, plain]) k.names.forEach((n, i) => expect(keyHashSlot(k.seconds![i])).toBe(keyHashSlot(n)));
    expect(plain.names[7]).toBe('{app:7}');
    expect(plain.slots[7]).toBe(keyHashSlot('app:7'));
    expect(new Keys('app', { count: 3, slots: null }).seconds).toBeNull();
  });
});

describe('data and the replication backlog', () => {
  test('SET, INCR and RPUSH reply as Redis does; a snapshot does not change with its original', () => {
    const d = new Dataset();
    expect(d.apply(write('a', 7))).toBe(0);
    expect(d.apply(write('n', 0, 'incr'))).toBe(1);
    expect(d.apply(write('n', 0, 'incr'))).toBe(2);
    expect(d.apply(write('l', 1, 'rpush'))).toBe(1);
    const snap = d.snapshot();
    d.apply(write('l', 2, 'rpush'));
    d.apply(write('a', 9));
    expect([snap.get('a'), snap.get('l'), d.get('a'), d.get('l')]).toEqual([7, [1], 9, [1, 2]]);
  });

  test('the backlog gives back the writes after an offset, and forgets what left it', () => {
    const b = new Backlog();
    [10, 20, 30, 40].forEach((end, i) => b.push(end, write(`k${i}`, i)));
    expect(b.since(20).map((o) => o.key)).toEqual(['k2', 'k3']);
    expect(b.since(40)).toEqual([]);
    b.trimTo(30);
    expect(b.since(0).map((o) => o.key)).toEqual(['k3']);
  });
});

describe('the workload: section', () => {
  const base = (extra: string): string => `duration: 30s
cluster:
  create: { masters: 3, replicas: 1 }
${extra}`;

  test('compiles to clients with ioredis defaults, overridden by name', () => {
    const s = compileScenario('s.yaml', base('workload:\n  clients:\n    - { name: app, near: C, writes: 100, keys: { count: 10, of: B }, options: { commandTimeout: 500 } }\n'));
    const c = s.workload?.clients[0];
    expect(c).toMatchObject({ name: 'app', near: 'C', writes: 100, fromUs: null, command: 'set', keys: { count: 10 } });
    expect(c?.keys.slots?.key).toBe('5461-10922');
    expect(c?.policy).toMatchObject({ commandTimeout: 500, maxRedirections: 16, retryDelayOnFailover: 100, retryDelayOnClusterDown: 100, retryDelayOnMoved: 0, slotsRefreshTimeout: 1000 });
  });

  test('latency-to sets one node\'s latency to and from the client; the others keep the client\'s', () => {
    const s = compileScenario('s.yaml', base('workload:\n  clients:\n    - { name: app, writes: 200, keys: 300, latency-to: { C: { base: 5ms } }, options: { commandTimeout: 1000 } }\n'));
    const { ops } = run(s);
    // After start-up (the first slot map may come from C).
    const ok = ops.filter((o) => o.outcome === 'ok' && o.invokeUs > 5e6);
    const rtt = (pred: (slot: number) => boolean): number[] => ok.filter((o) => pred(o.slot)).map((o) => o.completeUs - o.invokeUs);
    expect(Math.min(...rtt((slot) => slot >= 10923))).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...rtt((slot) => slot < 10923))).toBeLessThan(2_000);
  });

  test('bad clients and workload expectations (a scope given twice, slots out of range) are refused with their positions', () => {
    expect(problems(base('workload:\n  clients:\n    - { name: app, near: Q, writes: 10 }\n'))).toEqual([expect.stringMatching(/^6:\d+: unknown node "Q"/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app, writes: 10, keys: { of: A1 } }\n'))).toEqual([expect.stringMatching(/^6:\d+: keys.of: A1 owns no slots/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: A, writes: 10 }\n'))).toEqual([expect.stringMatching(/^6:\d+: workload: the name "A" is taken by a node/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app }\n'))).toEqual([expect.stringMatching(/^6:\d+: workload client app: expected writes or reads above 0/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app, writes: 10, from: 10s, until: 5s }\n'))).toEqual([expect.stringMatching(/^6:\d+: until: expected a time after from/)]);
    expect(problems('duration: 1440m\n' + base('workload:\n  clients:\n    - { name: app, writes: 100000 }\n').slice('duration: 30s\n'.length))).toEqual([expect.stringMatching(/^6:\d+: workload client app: expected at most 20,000,000 operations \(rate x time\), found 8,640,000,000/)]);
    expect(problems(base('expect:\n  - lost-writes: { at-most: 0 }\n'))).toEqual([expect.stringMatching(/^5:\d+: lost-writes: expected a workload: section/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app, writes: 10, options: { maxRedirects: 3 } }\n'))).toEqual([expect.stringMatching(/^6:\d+: .*maxRedirects/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app, writes: 10 }\nexpect:\n  - lost-writes: { at-most: 0, of: C, slots: "0-9" }\n'))).toEqual([expect.stringMatching(/^8:\d+: lost-writes: expected of or slots, not both/)]);
    expect(problems(base('workload:\n  clients:\n    - { name: app, writes: 10 }\nexpect:\n  - lost-writes: { at-most: 0, slots: "9-99999" }\n'))).toEqual([expect.stringMatching(/^8:\d+: slots: expected slot ranges within 0-16383, found "9-99999"/)]);
  });
});

describe('a writer during fail-C', () => {
  const s = loadScenario(file('fail-C-writes'));
  const { world, summary, ops } = run(s);
  const w = summary.workload!;

  test("C's slots are unavailable from the kill until C1's promotion, as the cluster's own unavailability says", () => {
    const f = summary.failovers[0];
    expect(w.by_master.C.unavailable_ms).not.toBeNull();
    // The first write after the kill fails; the first to succeed is C1's, right after the promotion reaches the client.
    expect(Math.abs((w.by_master.C.unavailable_ms as number) - (f.intervals_ms.unavailability as number))).toBeLessThan(100);
    expect(w.by_master.C.recovered).toBe(true);
  });

  test("A's and B's slots wait out the CLUSTERDOWN between FAIL and the promotion, and fail only within it", () => {
    // Seed 8: its CLUSTERDOWN, from FAIL to the promotion, outlasts the client's 1 s commandTimeout.
    const { summary, ops } = run(loadScenario(file('fail-C-writes'), 8));
    const w = summary.workload!;
    const f = summary.failovers[0];
    const [failUs, promotedUs] = [(f.first_fail_ms as number) * 1000, (f.promoted_ms as number) * 1000];
    for (const m of ['A', 'B']) {
      expect(w.by_master[m].longest_write_gap_ms as number).toBeGreaterThan(((promotedUs - failUs) / 1000) * 0.8);
      expect(w.by_master[m].lost_writes).toBe(0);
    }
    const theirs = ops.filter((o) => o.slot < 10923);
    expect(theirs.filter((o) => o.attempts > 1 && o.outcome === 'ok').length).toBeGreaterThan(0);
    // Seed 8's CLUSTERDOWN (1042 ms) outlasts the 1 s commandTimeout: writes retried through it from
    // its start time out, and one spends its 16 redirections; none invoked outside it fails.
    const failed = theirs.filter((o) => o.outcome !== 'ok');
    expect(promotedUs - failUs).toBeGreaterThan(1_000_000);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((o) => o.invokeUs >= failUs && o.invokeUs < promotedUs)).toBe(true);
  });

  test('writes released together from a retry bucket travel as one pipeline: C1 answers them in one read, at one instant', () => {
    const promotedUs = world.journal.events.find((e) => e.node === 'C1' && e.event === 'election_won')!.timeUs;
    const retried = ops.filter((o) => o.slot >= 10923 && o.outcome === 'ok' && o.attempts > 1 && o.completeUs > promotedUs);
    const byInstant = new Map<number, number>();
    for (const o of retried) byInstant.set(o.completeUs, (byInstant.get(o.completeUs) ?? 0) + 1);
    // The writes that waited out the failover in one bucket come back together, not one by one.
    expect(Math.max(...byInstant.values())).toBeGreaterThan(20);
  });

  test('nothing acknowledged is lost: a write leaves for the replica with its reply', () => {
    expect(w.total.lost_writes).toBe(0);
    expect(w.total.writes.ok).toBeGreaterThan(12_000);
    // ioredis's retries against a dead master end in "Too many Cluster redirections".
    expect(Object.keys(w.by_master.C.writes.by_reason)).toContain('redirections (connection closed)');
  });

  test('expectations over any slots: C\'s range by number, part of it, and a range with none of its slots', () => {
    const text = readFileSync(file('fail-C-writes'), 'utf8').replace(/^expect:[\s\S]*$/m, '');
    const expect_ = [
      '  - unavailable: { slots: "10923-16383", at-most: 20s }',
      '  - unavailable: { slots: "0-100 12000-12100", at-most: 1s }',
      '  - lost-writes: { slots: "0-5460", at-most: 0 }',
      '  - writes-succeed: { slots: "11000-11999", by: 25s }',
    ];
    const results = run(compileScenario('s.yaml', `${text}expect:\n${expect_.join('\n')}\n`)).summary.expectations;
    const cOnly = `writes in slots 10923-16383 unavailable for`;
    expect(results.map((r) => [r.passed, r.observed.slice(0, cOnly.length + 8)])).toEqual([
      [true, expect.stringContaining(cOnly)],
      // Part of C's slots with some of A's: A's successes do not end C's part's unavailability.
      [false, expect.stringContaining('writes in slots 0-100 12000-12100 unavailable for')],
      [true, expect.stringContaining('0 acknowledged write(s) lost in slots 0-5460')],
      [true, expect.stringContaining('writes in slots 11000-11999 invoked from')],
    ]);
    // C's slots by number are C's range: the same unavailability as its report.
    expect(results[0].observed).toBe(`writes in slots 10923-16383 unavailable for ${((w.by_master.C.unavailable_ms as number) / 1000).toFixed(3)} s`);
  });

  test('the same seed gives the same history, and a sweep row carries the clients\' figures', () => {
    const again = run(loadScenario(file('fail-C-writes')));
    expect(again.ops).toEqual(ops);
    const row = runRow(file('fail-C-writes'), readFileSync(file('fail-C-writes'), 'utf8'), 1);
    expect(row.intervals.client_unavailable).toBe(w.total.unavailable_ms);
    expect(row.intervals.lost_writes).toBe(0);
  });

  test('history.csv has a row per operation; workload.csv a row per second and master', () => {
    const files = new Map(workloadFiles(world.journal, true));
    const history = (files.get('history.csv') as string).trim().split('\n');
    expect(history[0]).toBe('client,kind,command,key,slot,value,invoke_ms,complete_ms,outcome,error,node,result,attempts');
    expect(history.length - 1).toBe(ops.length);
    const perSecond = (files.get('workload.csv') as string).trim().split('\n').slice(1).map((l) => l.split(','));
    const okInSecond12 = perSecond.filter((r) => r[0] === '12').reduce((n, r) => n + Number(r[2]), 0);
    expect(okInSecond12).toBe(ops.filter((o) => Math.floor(o.invokeUs / 1e6) === 12 && o.outcome === 'ok' && o.kind === 'write').length);
    expect(perSecond.filter((r) => r[0] === '12' && r[1] === 'C')[0][2]).toBe('0');
  });
});

describe('a client on the minority side of a partition', () => {
  const plain = run(loadScenario(file('partition-minority-writes')));
  const guarded = run(loadScenario(file('partition-min-replicas-writes')));

  test('C acknowledges writes until it finds itself in the minority, and all of them are lost', () => {
    const w = plain.summary.workload!;
    const cut = 10_000_000;
    const lost = lostWrites(plain.world.journal.end.workload!);
    expect(lost.length).toBe(w.total.lost_writes);
    // Every lost write was acknowledged by C after the cut; 500 writes/s for 1 to 1.5 node timeouts.
    expect(lost.every((l) => l.op.node === plain.world.hostOf.get('C') && l.op.invokeUs >= cut && l.finalOwner === 'C1')).toBe(true);
    expect(w.total.lost_writes).toBeGreaterThan(2500);
    expect(w.total.lost_writes).toBeLessThan(3800);
    const cFail = plain.world.journal.events.find((e) => e.node === 'C' && e.event === 'cluster_state' && e.timeUs > cut)!.timeUs;
    const lastLost = Math.max(...lost.map((l) => l.op.invokeUs));
    expect(lastLost).toBeLessThanOrEqual(cFail);
  });

  test('min-replicas-to-write 1 makes C refuse writes sooner: far fewer lost, the rest refused with NOREPLICAS', () => {
    const w = guarded.summary.workload!;
    expect(w.total.lost_writes).toBeGreaterThan(0);
    expect(w.total.lost_writes * 3).toBeLessThan(plain.summary.workload!.total.lost_writes);
    expect(w.total.writes.by_reason.NOREPLICAS).toBeGreaterThan(1000);
  });
});

describe("the client's thread", () => {
  test('runs work at once when free, and what comes while it is busy in order, each after the one before', () => {
    const sim = new Simulator();
    const thread = new ClientThread(sim);
    const ran: [string, number][] = [];
    const work = (name: string, us: number) => () => {
      ran.push([name, sim.now()]);
      thread.charge(us);
    };
    sim.at(100, () => {
      thread.run(work('a', 10));
      thread.run(work('b', 5));
    });
    sim.at(104, () => thread.run(work('c', 1)));
    sim.at(200, () => thread.run(work('d', 1)));
    sim.run(1000);
    expect(ran).toEqual([['a', 100], ['b', 110], ['c', 115], ['d', 200]]);
    // A free thread takes no event of its own: three scheduled, one for each of the two that waited.
    expect(sim.eventsProcessed).toBe(5);
  });
});

describe('a paused master under writes', () => {
  const { world, ops } = run(loadScenario(file('pause-writes')));
  const resumeUs = 25_000_000;
  const end = world.journal.end.workload!;
  const inFinalList = (o: OpRecord): boolean => (end.finalValues.get(o.key) as number[] | undefined)?.includes(o.value) ?? false;

  test('a write that timed out while C was stopped is resent when C answers it MOVED, and C1 applies it', () => {
    const promotedUs = world.journal.events.find((e) => e.node === 'C1' && e.event === 'election_won')!.timeUs;
    // Sent after C1's promotion, timed out before the resume: C's late MOVED sends them to C1 (ioredis 6's handleError).
    const late = ops.filter((o) => o.outcome === 'timeout' && o.invokeUs > promotedUs + 100_000 && o.completeUs < resumeUs);
    expect(late.length).toBeGreaterThan(2000);
    expect(late.every((o) => o.attempts === 2 && inFinalList(o))).toBe(true);
    // Their record stays what the application saw: a timeout, answered by no node.
    expect(late.every((o) => o.error === 'Command timed out' && o.node === -1)).toBe(true);
  });

  test("C's late replies keep the client busy for about 0.1 s after the resume: timers and new writes wait, as in ioredis", () => {
    const firstOk = Math.min(...ops.filter((o) => o.outcome === 'ok' && o.completeUs > resumeUs).map((o) => o.completeUs));
    expect(firstOk - resumeUs).toBeGreaterThan(60_000);
    expect(firstOk - resumeUs).toBeLessThan(300_000);
    // Writes due every 2 ms while the client was busy are invoked late, together.
    const invoked = ops.filter((o) => o.invokeUs > resumeUs && o.invokeUs < firstOk).map((o) => o.invokeUs);
    expect(invoked.length).toBeGreaterThan(0);
    expect(Math.min(...invoked) - resumeUs).toBeGreaterThan(20_000);
  });

  test('one sent before the promotion C applies as master on resume, and loses in its resync', () => {
    const early = ops.filter((o) => o.outcome === 'timeout' && o.invokeUs > 11_000_000 && o.invokeUs < 17_000_000);
    expect(early.length).toBeGreaterThan(2000);
    expect(early.every((o) => o.attempts === 1 && !inFinalList(o))).toBe(true);
  });
});

describe('manual failover and WAIT under writes', () => {
  test('CLUSTER FAILOVER holds C\'s writes for milliseconds, moves them to C1, and loses none', () => {
    const { summary, ops } = run(loadScenario(file('manual-failover-writes')));
    const w = summary.workload!;
    expect(w.total.lost_writes).toBe(0);
    expect(w.total.writes.failed + w.total.writes.timeout).toBe(0);
    expect(w.total.latency_ms.max as number).toBeLessThan(100);
    // The held writes were answered MOVED after the pause and retried on C1.
    expect(ops.some((o) => o.attempts === 2 && o.node === 5)).toBe(true);
  });

  test('WAIT 1 returns 1 while C1 keeps up; once C is cut off each WAIT holds the connection for its 50 ms timeout, and the writes behind it wait their turn', () => {
    const s = loadScenario(file('partition-minority-writes'));
    s.workload!.clients[0].wait = { replicas: 1, timeoutMs: 50 };
    const { ops } = run(s);
    const ok = (from: number, to: number): OpRecord[] => ops.filter((o) => o.outcome === 'ok' && o.invokeUs >= from && o.invokeUs < to);
    expect(new Set(ok(3e6, 9e6).map((o) => o.result))).toEqual(new Set([1]));
    // One write every 2 ms, one WAIT answered (0) every 50 ms: write k after the cut is done 50(k+1) ms
    // after it, 48k + 50 ms after its invocation, so only the first 20 beat the 1 s commandTimeout.
    const cut = ok(10e6, 30e6);
    expect(cut.length).toBe(20);
    expect(cut.every((o) => o.result === 0)).toBe(true);
    cut.slice(1).forEach((o, i) => expect(o.completeUs - cut[i].completeUs).toBeGreaterThanOrEqual(49_000));
  });
});

describe('writes with wait: pipelined with their WAIT', () => {
  const s = loadScenario(file('fail-C-writes'));
  s.workload!.clients[0].wait = { replicas: 1, timeoutMs: 100 };
  const { ops } = run(s);

  test('a MOVED or a CLUSTERDOWN fails the write at once: ioredis resends a cluster pipeline only when every command failed alike, and WAIT never does', () => {
    const failed = ops.filter((o) => o.outcome === 'fail');
    expect(new Set(failed.map((o) => o.error.split(' ')[0]))).toEqual(new Set(['MOVED', 'CLUSTERDOWN']));
    expect(failed.every((o) => o.attempts <= 2)).toBe(true);
    expect(ops.filter((o) => o.outcome === 'ok').every((o) => o.result === 1)).toBe(true);
  });

  test('nor does such a MOVED refresh the map: with no pipeline in flight when C died, C1 took its slots at 18.5 s and writes to them fail to the end', () => {
    const late = ops.filter((o) => o.invokeUs > 25e6 && o.slot >= 10923);
    expect(late.length).toBeGreaterThan(800);
    expect(late.every((o) => o.outcome === 'fail' && o.error.startsWith('MOVED') && o.error.endsWith(':7005'))).toBe(true);
  });

  test('one in flight when C died is resent and refreshes the map, again and again, until it names C1: there each WAIT waits out its 100 ms, and the writes time out', () => {
    const poisson = compileScenario('fail-C-writes.yaml', readFileSync(file('fail-C-writes'), 'utf8').replace(/^seed: \d+/m, 'seed: 12').replace('writes: 500', 'writes: 500\n      arrival: poisson\n      wait: { replicas: 1, timeout: 100ms }'));
    const late = run(poisson).ops.filter((o) => o.invokeUs > 25e6 && o.invokeUs < 29e6 && o.slot >= 10923);
    expect(late.length).toBeGreaterThan(600);
    expect(late.every((o) => o.outcome === 'timeout')).toBe(true);
  });
});

describe('a client blocked in WAIT, at the node', () => {
  const conn = {};
  const command = (id: number, name: ClientCommand['name'], value = 0, timeoutMs = 0): ClientCommand => ({ kind: 'cmd', id, name, key: 'foo', key2: '', slot: keyHashSlot('foo'), value, timeoutMs, bytes: 33 });
  const replies = (c: TestCluster): ClientReply[] => c.env.sent.filter((s) => s.conn === conn).map((s) => s.msg as ClientReply);

  /** Master C, no replica online: SET, then WAIT 1 that blocks, then a SET behind it on the same connection. */
  function blocked(timeoutMs: number): TestCluster {
    const c = nodeOf('C');
    c.node.state = 'ok';
    for (const [i, cmd] of [command(1, 'SET', 7), command(2, 'WAIT', 1, timeoutMs), command(3, 'SET', 8)].entries()) {
      handleClientCommand(c.node, conn, cmd);
      expect(replies(c).map((r) => r.id)).toEqual([1]);
      if (i === 0) expect(c.node.data.get('foo')).toBe(7);
    }
    return c;
  }

  test('what the client sent after the WAIT runs when the WAIT is answered (here its timeout), in order', () => {
    const c = blocked(50);
    expect(c.node.data.get('foo')).toBe(7);
    const timer = c.env.timers.find((t) => t.delayMs === 50);
    timer!.fn();
    expect(replies(c).map((r) => [r.id, r.error, r.value])).toEqual([[1, null, 0], [2, null, 0], [3, null, 0]]);
    expect(c.node.data.get('foo')).toBe(8);
  });

  test('a master that becomes a replica answers the WAIT UNBLOCKED and closes the connection; what waited behind it is dropped', () => {
    const c = blocked(0);
    setMaster(c.node, rec(c, 'C1'), { cause: 'command' });
    expect(replies(c).map((r) => [r.id, r.error])).toEqual([[1, null], [2, 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)']]);
    expect(c.env.closed).toContain(conn);
    expect(c.node.data.get('foo')).toBe(7);
  });
});

describe('a replica loading a snapshot', () => {
  test('reads what the master streamed during the load after it, and ACKs a diskless one at once', () => {
    const c = nodeOf('C1');
    const master = {};
    c.node.repl.masterConn = master;
    const from = rec(c, 'C').name;
    const msg = (op: ReplicationMessage['op'], offset: number, extra: Partial<ReplicationMessage> = {}): ReplicationMessage => ({ kind: 'repl', op, from, replid: 'r', offset, bytes: 40, ...extra });
    handleReplicationMessage(c.node, master, msg('fullresync', 100));
    const data = new Dataset();
    data.apply(write('a', 1));
    handleReplicationMessage(c.node, master, msg('rdb', 100, { data, eofMark: true }));
    handleReplicationMessage(c.node, master, msg('stream', 140, { ops: [write('b', 2)] }));
    expect(c.node.data.get('b')).toBeUndefined();
    c.env.timers[c.env.timers.length - 1].fn();
    expect([c.node.data.get('a'), c.node.data.get('b'), c.node.repl.offset]).toEqual([1, 2, 140]);
    const acks = c.env.sent.filter((s) => s.conn === master && (s.msg as ReplicationMessage).op === 'ack');
    expect(acks.map((s) => (s.msg as ReplicationMessage).offset)).toEqual([100]);
  });
});

describe('reads from replicas (scaleReads)', () => {
  const text = readFileSync(file('replica-reads'), 'utf8');
  const { world, summary, ops } = run(compileScenario('replica-reads.yaml', text));
  const w = summary.workload!;
  const names = world.journal.scenario.nodes.map((n) => n.name);
  const reads = ops.filter((o) => o.kind === 'read');

  test('with scaleReads: slave every read is answered at once by the slot\'s replica, on its READONLY connection; writes by masters', () => {
    expect(reads.length).toBeGreaterThan(13_000);
    expect(reads.every((o) => o.outcome === 'ok' && o.attempts === 1)).toBe(true);
    expect(new Set(reads.map((o) => names[o.node]))).toEqual(new Set(['A1', 'B1', 'C1']));
    expect(new Set(ops.filter((o) => o.kind === 'write').map((o) => names[o.node]))).toEqual(new Set(['A', 'B', 'C']));
  });

  test('reads of C\'s slots are stale only while C1 is 200 ms behind; A\'s and B\'s never', () => {
    const stale = reads.filter((o) => staleReads(ops).has(o));
    expect(w.by_master.C.stale_reads).toBe(stale.length);
    expect(stale.length).toBeGreaterThan(200);
    expect(stale.every((o) => o.slot >= 10923 && o.invokeUs >= 10e6 && o.invokeUs < 20.5e6)).toBe(true);
    expect(w.by_master.A.stale_reads + w.by_master.B.stale_reads).toBe(0);
    expect(summary.expectations.every((e) => e.passed)).toBe(true);
  });

  test('with scaleReads: master the same reads go to the masters, and none is stale', () => {
    const master = run(compileScenario('replica-reads.yaml', text.replace('1000, scaleReads: slave', '1000, scaleReads: master')));
    const r = master.ops.filter((o) => o.kind === 'read');
    expect(new Set(r.map((o) => names[o.node]))).toEqual(new Set(['A', 'B', 'C']));
    expect(master.summary.workload!.total.stale_reads).toBe(0);
  });

  test('workload.csv counts the stale reads per second and master: all of them C\'s, in the seconds of the lag', () => {
    const csv = workloadFiles(world.journal, false).find(([f]) => f === 'workload.csv')![1];
    const rows = csv.trim().split('\n').map((l) => l.split(','));
    const col = rows[0].indexOf('reads_stale');
    const stale = rows.slice(1).filter((r) => Number(r[col]) > 0);
    expect(stale.reduce((n, r) => n + Number(r[col]), 0)).toBe(w.total.stale_reads);
    expect(stale.every((r) => r[1] === 'C' && Number(r[0]) >= 10 && Number(r[0]) <= 20)).toBe(true);
  });

  test('a sweep row carries the stale reads; a bad scaleReads is refused with its position', () => {
    expect(runRow('replica-reads.yaml', text, 1).intervals.stale_reads).toBe(w.total.stale_reads);
    expect(() => compileScenario('r.yaml', text.replace('1000, scaleReads: slave', '1000, scaleReads: replica'))).toThrow(/r\.yaml:\d+:\d+: .*scaleReads/);
  });
});

describe('stale reads, as the reports count them', () => {
  const op = (over: Partial<OpRecord>): OpRecord => ({ client: 'app', kind: 'write', command: 'SET', key: 'k', slot: 0, value: 1, invokeUs: 0, completeUs: 10, outcome: 'ok', error: '', node: 0, result: null, attempts: 1, ...over });
  const read = (result: number | null, invokeUs: number): OpRecord => op({ kind: 'read', command: 'GET', value: 0, result, invokeUs, completeUs: invokeUs + 5 });

  test('a read is stale when it returns less than what was acknowledged before it was invoked', () => {
    const w1 = op({ value: 1, invokeUs: 0, completeUs: 10 });
    const w2 = op({ value: 2, invokeUs: 20, completeUs: 30 });
    // Before w2 is acknowledged either value is right; after it, only 2.
    const early = read(1, 25);
    const late = read(1, 35);
    const none = read(null, 15);
    expect([...staleReads([w1, w2, early, late, none])]).toEqual([none, late]); // in invocation order
    // An unacknowledged write may or may not be seen.
    expect(staleReads([w1, op({ value: 2, outcome: 'timeout' }), read(1, 50)]).size).toBe(0);
  });

  test('a counter or a list is stale when it counts fewer than the acknowledged writes', () => {
    const incrs = [1, 2, 3].map((i) => op({ command: 'INCR', value: 0, invokeUs: i * 10, completeUs: i * 10 + 1 }));
    expect([...staleReads([...incrs, read(3, 40), read(2, 41)])].map((o) => o.result)).toEqual([2]);
    const pushes = [1, 2].map((v) => op({ command: 'RPUSH', value: v, invokeUs: v * 10, completeUs: v * 10 + 1 }));
    expect([...staleReads([...pushes, op({ kind: 'read', command: 'LLEN', value: 0, result: 1, invokeUs: 30 })])]).toHaveLength(1);
  });
});

describe('what is lost, as the reports count it', () => {
  const op = (over: Partial<OpRecord>): OpRecord => ({ client: 'app', kind: 'write', command: 'SET', key: 'k', slot: 0, value: 1, invokeUs: 0, completeUs: 10, outcome: 'ok', error: '', node: 0, result: 0, attempts: 1, ...over });

  test('a SET is lost only when an older acknowledged write, or nothing, is what remains', () => {
    const older = op({ value: 1, invokeUs: 0, completeUs: 10 });
    const newer = op({ value: 2, invokeUs: 20, completeUs: 30 });
    const end = (v: number | undefined) => ({ ops: [older, newer], finalValues: new Map([['k', v]]), finalOwners: ['A'] });
    expect(lostWrites(end(2))).toEqual([]);
    expect(lostWrites(end(1)).map((l) => l.op.value)).toEqual([2]);
    expect(lostWrites(end(undefined)).map((l) => l.op.value)).toEqual([1, 2]);
    // Overlapping writes may land in either order.
    const overlapping = op({ value: 2, invokeUs: 5, completeUs: 30 });
    expect(lostWrites({ ops: [older, overlapping], finalValues: new Map([['k', 1]]), finalOwners: [] })).toEqual([]);
  });

  test('RPUSH loses exactly the ids missing from the list; INCR by the counter\'s shortfall', () => {
    const pushes = [1, 2, 3].map((v) => op({ command: 'RPUSH', value: v, invokeUs: v * 10, completeUs: v * 10 + 1 }));
    expect(lostWrites({ ops: pushes, finalValues: new Map([['k', [1, 3]]]), finalOwners: [] }).map((l) => l.op.value)).toEqual([2]);
    const incrs = [1, 2, 3].map((v) => op({ command: 'INCR', value: 0, invokeUs: v * 10 }));
    expect(lostWrites({ ops: incrs, finalValues: new Map([['k', 1]]), finalOwners: [] }).map((l) => l.op.invokeUs)).toEqual([20, 30]);
  });

  test('reasons are error codes, with redirections named after their last error', () => {
    expect(reasonOf('CLUSTERDOWN The cluster is down')).toBe('CLUSTERDOWN');
    expect(reasonOf('Too many Cluster redirections. Last error: Connection is closed.')).toBe('redirections (connection closed)');
    expect(reasonOf('Command timed out')).toBe('timeout');
    // ioredis names the class of the last error.
    expect(reasonOf('Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down')).toBe('redirections (CLUSTERDOWN)');
    expect(reasonOf('Too many Cluster redirections. Last error: Error: Connection is closed.')).toBe('redirections (connection closed)');
  });
});

describe('runs without a workload', () => {
  test('have no workload section, no client traffic, and no client files', () => {
    const { summary, world } = run(loadScenario(file('fail-C')));
    expect('workload' in summary).toBe(false);
    expect(Object.keys(summary.messages)).not.toContain('command');
    expect(workloadFiles(world.journal, true)).toEqual([]);
  });
});

describe('sim run with a workload', () => {
  test('writes lost-writes.csv and workload.csv, history.csv with --history, and prints the clients\' table', () => {
    const out = mkdtempSync(join(tmpdir(), 'sim-workload-'));
    const r = sim(['run', 'scenarios/manual-failover-writes.yaml', '--out', out, '--history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/clients app: writes/);
    expect(r.stdout).toMatch(/C 10923-16383 +\d+ +0 +0 +0/);
    expect(readFileSync(join(out, 'lost-writes.csv'), 'utf8')).toBe('client,key,slot,value,invoke_ms,complete_ms,node,final_owner,final_value\n');
    expect(readFileSync(join(out, 'history.csv'), 'utf8').split('\n').length).toBeGreaterThan(8000);
  });
});
