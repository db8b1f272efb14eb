import { clusterNodes } from '../src/redis/clusterNodesFormat';
import { loadNodesConf, saveNodesConf } from '../src/redis/persistence';
import { NodeFlag } from '../src/redis/messages';
import { FakeEnv, nodeOf, rec } from './helpers/fakeNode';

describe('nodes.conf and CLUSTER NODES', () => {
  test('the configuration survives a save and load; links and PFAIL timers do not', () => {
    const c = nodeOf('A');
    c.node.currentEpoch = 9;
    c.node.lastVoteEpoch = 8;
    rec(c, 'C').flags |= NodeFlag.FAIL;
    const again = loadNodesConf(saveNodesConf(c.node), new FakeEnv(), c.node.opts);
    expect(again.currentEpoch).toBe(9);
    expect(again.lastVoteEpoch).toBe(8);
    expect(again.lookup(c.ids.C)?.has(NodeFlag.FAIL)).toBe(true);
    expect(again.lookup(c.ids.C1)?.slaveof?.name).toBe(c.ids.C);
    expect(again.slotOwner(16383)?.name).toBe(c.ids.C);
    expect(again.lookup(c.ids.B)?.link).toBeNull();
  });

  test('myself\'s open slots are printed as Redis prints them and survive a restart', () => {
    const c = nodeOf('C');
    c.node.migratingSlotsTo.set(10924, rec(c, 'A'));
    c.node.migratingSlotsTo.set(10923, rec(c, 'A'));
    c.node.importingSlotsFrom.set(5, rec(c, 'B'));
    const mine = clusterNodes(c.node).split('\n').find((l) => l.startsWith(c.ids.C)) as string;
    expect(mine.endsWith(` 10923-16383 [5-<-${c.ids.B}] [10923->-${c.ids.A}] [10924->-${c.ids.A}]`)).toBe(true);
    const again = loadNodesConf(saveNodesConf(c.node), new FakeEnv(), c.node.opts);
    expect([...again.migratingSlotsTo].map(([s, n]) => [s, n.name])).toEqual([[10923, c.ids.A], [10924, c.ids.A]]);
    expect(again.importingSlotsFrom.get(5)?.name).toBe(c.ids.B);
    expect(again.myself.slots.count).toBe(5461);
  });

  test('CLUSTER NODES prints Redis 7.0 lines: flags, master, epochs (a replica shows its master\'s)', () => {
    const c = nodeOf('A1');
    const lines = clusterNodes(c.node).trim().split('\n');
    const mine = lines.find((l) => l.startsWith(c.ids.A1)) as string;
    expect(mine).toBe(`${c.ids.A1} 127.0.0.1:7003@17003 myself,slave ${c.ids.A} 0 0 1 connected`);
    const cLine = lines.find((l) => l.startsWith(c.ids.C)) as string;
    expect(cLine).toMatch(new RegExp(`^${c.ids.C} 127\\.0\\.0\\.1:7002@17002 master - 0 \\d+ 3 connected 10923-16383$`));
  });
});
