import { sendPing } from '../src/redis/gossip';
import { gossipCount, gossipFlags, gossipNames, NodeFlag } from '../src/redis/messages';
import { failCNodes, nodeOf, rec } from './helpers/fakeNode';
import { splitSlotsLikeRedisCli, SlotSet } from '../src/redis/slotSet';
import { DEFAULT_OPTIONS } from '../src/redis/config';
import { onAccepted, onMessage } from '../src/redis/eventLoop';

/** Gossip sections of PING/PONG (clusterSendPing). */
describe('gossip', () => {
  test('a ping carries max(3, N/10) entries when there are enough nodes, never myself, and sets ping_sent', () => {
    const slots = splitSlotsLikeRedisCli(20);
    const specs = Array.from({ length: 40 }, (_, i) => ({
      name: `N${i}`, port: 7000 + i, replicaOf: i >= 20 ? `N${i - 20}` : null, slots: i < 20 ? slots[i] : SlotSet.EMPTY, options: DEFAULT_OPTIONS, configEpoch: i + 1, currentEpoch: 40,
    }));
    const c = nodeOf('N0', {}, specs);
    const peer = rec(c, 'N1');
    sendPing(c.node, peer.link, 'ping');
    const msg = c.env.sentOfType('ping')[0];
    expect(gossipCount(msg.gossip)).toBeLessThanOrEqual(4);
    expect(gossipCount(msg.gossip)).toBeGreaterThanOrEqual(3);
    expect(gossipNames(msg.gossip).includes(c.ids.N0)).toBe(false);
    expect(peer.pingSent).toBe(c.env.time);
  });

  test('every PFAIL node is appended to the random entries', () => {
    const c = nodeOf('A', {}, failCNodes());
    rec(c, 'C').flags |= NodeFlag.PFAIL;
    c.node.statsPfailNodes = 1;
    sendPing(c.node, rec(c, 'B').link, 'pong');
    const msg = c.env.sentOfType('pong')[0];
    const g = msg.gossip;
    const about = gossipNames(g).filter((n, i) => n === c.ids.C && g && gossipFlags(g, i) & NodeFlag.PFAIL);
    expect(about).toHaveLength(1);
  });

  test('a 6-node cluster ping is 2256 + 3 * 104 bytes', () => {
    const c = nodeOf('A');
    sendPing(c.node, rec(c, 'B').link, 'ping');
    expect(gossipNames(c.env.sentOfType('ping')[0].gossip)).toHaveLength(3);
  });
});

describe('handshake', () => {
  test('a MEET from an unknown node adds it in handshake and is answered with a PONG', () => {
    const c = nodeOf('A');
    const before = c.node.nodeList.length;
    const conn = { inbound: true };
    onAccepted(c.node, conn);
    onMessage(c.node, conn, {
      kind: 'bus', type: 'meet', sender: 'f'.repeat(40), currentEpoch: 0, configEpoch: 0, offset: 0, myslots: SlotSet.EMPTY,
      slaveof: null, flags: NodeFlag.MASTER, state: 'fail', mflags: 0, ip: '127.0.0.1', port: 7100, cport: 17100,
    });
    expect(c.node.nodeList).toHaveLength(before + 1);
    const added = c.node.nodeList[before];
    expect(added.has(NodeFlag.HANDSHAKE)).toBe(true);
    expect(added.port).toBe(7100);
    expect(c.env.sent.filter((s) => s.conn === conn && s.msg.kind === 'bus' && s.msg.type === 'pong')).toHaveLength(1);
  });
});
