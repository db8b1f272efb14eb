import { clusterCron } from '../src/redis/cron';
import { GossipSection, NodeFlag, writeGossipEntry } from '../src/redis/messages';
import { identityOf } from '../src/redis/nodeName';
import { deliver, messageFrom, nodeOf, rec, TestCluster } from './helpers/fakeNode';

/** PFAIL, failure reports and the FAIL quorum. */
function gossipAbout(c: TestCluster, name: string, flags: number): GossipSection {
  const r = rec(c, name);
  const g: GossipSection = [];
  // No sender's row: the receiver looks the node up.
  writeGossipEntry(g, 0, identityOf(r.name, r.address), flags, 0, -1);
  return g;
}

describe('failure detection', () => {
  test('flags PFAIL only once a ping has gone unanswered for more than the node timeout', () => {
    const c = nodeOf('A');
    const b = rec(c, 'B');
    b.pingSent = c.env.time;
    b.dataReceived = c.env.time;
    c.env.time += 5000;
    clusterCron(c.node);
    expect(b.has(NodeFlag.PFAIL)).toBe(false);
    c.env.time += 1;
    clusterCron(c.node);
    expect(b.has(NodeFlag.PFAIL)).toBe(true);
  });

  test('any data received from the node keeps it from PFAIL', () => {
    const c = nodeOf('A');
    const b = rec(c, 'B');
    b.pingSent = c.env.time;
    c.env.time += 6000;
    b.dataReceived = c.env.time - 100;
    clusterCron(c.node);
    expect(b.has(NodeFlag.PFAIL)).toBe(false);
  });

  test('a master reaches FAIL with one other master report, and broadcasts FAIL', () => {
    const c = nodeOf('A');
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    deliver(c, messageFrom(c, 'B', 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(true);
    expect(c.env.sentOfType('fail').length).toBeGreaterThan(0);
  });

  test('a replica needs reports from a majority of masters: one is not enough', () => {
    const c = nodeOf('A1');
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    deliver(c, messageFrom(c, 'B', 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(false);
    deliver(c, messageFrom(c, 'A', 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(true);
  });

  test('reports from replicas do not count toward the quorum', () => {
    const c = nodeOf('A1');
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    for (const r of ['B1', 'C1']) deliver(c, messageFrom(c, r, 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    expect(rec(c, 'C').failReports?.size ?? 0).toBe(0);
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(false);
  });

  test('failure reports expire after twice the node timeout', () => {
    const c = nodeOf('A1');
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    deliver(c, messageFrom(c, 'B', 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    c.env.time += 10_001;
    deliver(c, messageFrom(c, 'A', 'ping', { gossip: gossipAbout(c, 'C', NodeFlag.MASTER | NodeFlag.PFAIL) }));
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(false);
  });

  test('a FAIL message sets FAIL at once, without local PFAIL', () => {
    const c = nodeOf('B1');
    deliver(c, messageFrom(c, 'A1', 'fail', { failing: c.ids.C }));
    expect(rec(c, 'C').has(NodeFlag.FAIL)).toBe(true);
  });

  test('FAIL on a replica is cleared as soon as it answers a ping', () => {
    const c = nodeOf('A');
    const b1 = rec(c, 'B1');
    b1.flags |= NodeFlag.FAIL;
    expect(c.node.failCount).toBe(1);
    deliver(c, messageFrom(c, 'B1', 'pong'));
    expect(b1.has(NodeFlag.FAIL)).toBe(false);
    expect(c.node.failCount).toBe(0);
  });

  test('FAIL on a master that still owns slots is cleared only after 2 * node timeout', () => {
    const c = nodeOf('A');
    const cm = rec(c, 'C');
    cm.flags |= NodeFlag.FAIL;
    cm.failTime = c.env.time;
    c.env.time += 9000;
    deliver(c, messageFrom(c, 'C', 'pong'));
    expect(cm.has(NodeFlag.FAIL)).toBe(true);
    c.env.time += 1001;
    deliver(c, messageFrom(c, 'C', 'pong'));
    expect(cm.has(NodeFlag.FAIL)).toBe(false);
  });
});
