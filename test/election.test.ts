import { handleSlaveFailover, getSlaveRank } from '../src/redis/failover';
import { NodeFlag } from '../src/redis/messages';
import { deliver, messageFrom, nodeOf, rec, TestCluster } from './helpers/fakeNode';

/** A replica's election (clusterHandleSlaveFailover): delay, rank, epoch, quorum, timeout. */
function replicaWithFailedMaster(): TestCluster {
  const c = nodeOf('C1');
  rec(c, 'C').flags |= NodeFlag.FAIL;
  c.node.repl.masterConnected = true;
  c.node.repl.lastInteraction = c.env.time;
  return c;
}

/** Make B1 a second replica of C, with a larger replication offset than C1. */
function addBetterSibling(c: TestCluster): void {
  const sibling = rec(c, 'B1');
  sibling.slaveof?.removeSlave(sibling);
  sibling.slaveof = rec(c, 'C');
  rec(c, 'C').addSlave(sibling);
  sibling.replOffset = 100;
}

/** Schedule the election, then let its delay pass so the request goes out. */
function startElection(c: TestCluster): void {
  handleSlaveFailover(c.node);
  c.env.time = c.node.election.authTime;
  handleSlaveFailover(c.node);
}

describe('replica election', () => {
  test('schedules the election 500-999 ms ahead at rank 0, then asks all masters with a new epoch', () => {
    const c = replicaWithFailedMaster();
    const start = c.env.time;
    handleSlaveFailover(c.node);
    const delay = c.node.election.authTime - start;
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThan(1000);
    expect(c.env.sentOfType('auth-req')).toHaveLength(0);
    c.env.time = c.node.election.authTime;
    handleSlaveFailover(c.node);
    expect(c.node.currentEpoch).toBe(7);
    expect(c.env.sentOfType('auth-req').length).toBe(5);
  });

  test('a replica behind a sibling waits an extra second per better sibling', () => {
    const specsC = nodeOf('C1');
    expect(getSlaveRank(specsC.node)).toBe(0);
    const c = replicaWithFailedMaster();
    addBetterSibling(c);
    expect(getSlaveRank(c.node)).toBe(1);
    const start = c.env.time;
    handleSlaveFailover(c.node);
    expect(c.node.election.authTime - start).toBeGreaterThanOrEqual(1500);
  });

  test('a rank that worsens before the request is sent pushes the election back a second per step', () => {
    const c = replicaWithFailedMaster();
    handleSlaveFailover(c.node);
    const scheduled = c.node.election.authTime;
    addBetterSibling(c);
    handleSlaveFailover(c.node);
    expect(c.node.election.authTime).toBe(scheduled + 1000);
    expect(c.node.election.authRank).toBe(1);
  });

  test('wins with votes from a majority of slot-serving masters and takes the slots with the election epoch', () => {
    const c = replicaWithFailedMaster();
    startElection(c);
    deliver(c, messageFrom(c, 'A', 'auth-ack', { currentEpoch: 7 }));
    expect(c.node.myself.isMaster).toBe(false);
    deliver(c, messageFrom(c, 'B', 'auth-ack', { currentEpoch: 7 }));
    expect(c.node.myself.isMaster).toBe(true);
    expect(c.node.myself.configEpoch).toBe(7);
    expect(c.node.myself.slots.key).toBe('10923-16383');
    expect(c.env.sentOfType('pong').length).toBeGreaterThanOrEqual(5);
  });

  test('ignores acks from replicas and from older epochs', () => {
    const c = replicaWithFailedMaster();
    startElection(c);
    deliver(c, messageFrom(c, 'A1', 'auth-ack', { currentEpoch: 7 }));
    deliver(c, messageFrom(c, 'A', 'auth-ack', { currentEpoch: 6 }));
    expect(c.node.election.authCount).toBe(0);
  });

  test('an election without quorum expires after max(2*NT, 2 s) and is retried after twice that', () => {
    const c = replicaWithFailedMaster();
    handleSlaveFailover(c.node);
    const scheduled = c.node.election.authTime;
    c.env.time = scheduled;
    handleSlaveFailover(c.node);
    c.env.time = scheduled + 10_001;
    handleSlaveFailover(c.node);
    expect(c.env.events.some((e) => e.event === 'election_expired')).toBe(true);
    c.env.time = scheduled + 20_001;
    handleSlaveFailover(c.node);
    expect(c.node.election.authTime).toBeGreaterThan(scheduled + 20_000);
    expect(c.node.election.authSent).toBe(false);
  });

  test('does not start while the master is only PFAIL', () => {
    const c = nodeOf('C1');
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    handleSlaveFailover(c.node);
    expect(c.env.events.some((e) => e.event === 'election_scheduled')).toBe(false);
  });

  test('refuses to fail over with data older than repl-ping-replica-period + NT * validity factor', () => {
    const c = replicaWithFailedMaster();
    c.node.opts['cluster-replica-validity-factor'] = 2;
    c.node.repl.lastInteraction = c.env.time - (5000 + 10_000 + 10_000 + 1000);
    handleSlaveFailover(c.node);
    expect(c.env.events.some((e) => e.event === 'election_refused')).toBe(true);
    expect(c.env.events.some((e) => e.event === 'election_scheduled')).toBe(false);
  });

  test('cluster-replica-no-failover keeps the replica from starting an election', () => {
    const c = replicaWithFailedMaster();
    c.node.opts['cluster-replica-no-failover'] = true;
    handleSlaveFailover(c.node);
    expect(c.env.events.some((e) => e.event === 'election_scheduled')).toBe(false);
  });
});
