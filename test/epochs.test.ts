import { NodeFlag } from '../src/redis/messages';
import { SlotSet } from '../src/redis/slotSet';
import { deliver, messageFrom, nodeOf, rec } from './helpers/fakeNode';

/** currentEpoch propagation, configEpoch wins, UPDATE, collisions, a returning master. */
describe('epochs and slot configuration', () => {
  test('adopts a greater currentEpoch from any known sender', () => {
    const c = nodeOf('A');
    deliver(c, messageFrom(c, 'B1', 'ping', { currentEpoch: 12 }));
    expect(c.node.currentEpoch).toBe(12);
  });

  test('a claim with a greater configEpoch takes the slots; an equal one does not', () => {
    const c = nodeOf('A');
    const cSlots = SlotSet.of([[10923, 16383]]);
    deliver(c, messageFrom(c, 'C1', 'ping', { slaveof: null, configEpoch: 3, myslots: cSlots, flags: NodeFlag.MASTER }));
    expect(c.node.slotOwner(12000)?.name).toBe(c.ids.C);
    deliver(c, messageFrom(c, 'C1', 'ping', { slaveof: null, configEpoch: 7, myslots: cSlots, flags: NodeFlag.MASTER }));
    expect(c.node.slotOwner(12000)?.name).toBe(c.ids.C1);
    expect(rec(c, 'C').slots.isEmpty).toBe(true);
  });

  test('a stale claim is answered with an UPDATE about the newer owner', () => {
    const c = nodeOf('A');
    const cSlots = SlotSet.of([[10923, 16383]]);
    deliver(c, messageFrom(c, 'C1', 'ping', { slaveof: null, configEpoch: 7, myslots: cSlots, flags: NodeFlag.MASTER }));
    deliver(c, messageFrom(c, 'C', 'ping', { configEpoch: 3, myslots: cSlots }));
    const updates = c.env.sentOfType('update');
    expect(updates).toHaveLength(1);
    expect(updates[0].update?.nodename).toBe(c.ids.C1);
  });

  test('a master that loses all its slots to a newer claim becomes a replica of the claimer', () => {
    const c = nodeOf('C');
    const update = messageFrom(c, 'A', 'update');
    update.update = { nodename: c.ids.C1, configEpoch: 7, slots: SlotSet.of([[10923, 16383]]) };
    deliver(c, update);
    expect(c.node.myself.isReplica).toBe(true);
    expect(c.node.myself.slaveof?.name).toBe(c.ids.C1);
  });

  test('of two masters with the same configEpoch, the one with the smaller id takes a new epoch', () => {
    const c = nodeOf('A');
    const me = c.node.myself;
    const other = rec(c, 'B');
    const larger = other.name > me.name;
    deliver(c, messageFrom(c, 'B', 'ping', { configEpoch: me.configEpoch }));
    if (larger) expect(me.configEpoch).toBe(7);
    else expect(me.configEpoch).toBe(1);
  });
});
