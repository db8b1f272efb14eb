import { ClusterNodeRecord } from '../src/redis/clusterNode';
import { NodeFlag } from '../src/redis/messages';
import { NodeTable } from '../src/redis/nodeTable';

/** The node table behind the records: rows, lookups by name, and rows that move. */
function tableOf(names: string[]): { table: NodeTable; recs: ClusterNodeRecord[] } {
  const table = new NodeTable();
  const recs = names.map((n, i) => new ClusterNodeRecord(table, n, '127.0.0.1', 7000 + i, 17000 + i, 0));
  return { table, recs };
}

describe('node table', () => {
  test('records read and write their own row, and grow the table past its first capacity', () => {
    const { table, recs } = tableOf(Array.from({ length: 20 }, (_, i) => `node-table-a${i}`));
    recs.forEach((r, i) => {
      r.pingSent = 1000 + i;
      r.flags = i % 2 ? NodeFlag.SLAVE : NodeFlag.MASTER;
    });
    expect(table.length).toBe(20);
    expect(recs.map((r) => r.pingSent)).toEqual(recs.map((_, i) => 1000 + i));
    expect(recs[19].isReplica).toBe(true);
    expect(recs[18].isMaster).toBe(true);
    expect(recs[7].address).toBe('127.0.0.1:7007@17007');
    expect(table.lookup('node-table-a13')).toBe(recs[13]);
  });

  test('removing a row moves the later rows up with their values, and lookups follow them', () => {
    const { table, recs } = tableOf(['node-table-b0', 'node-table-b1', 'node-table-b2', 'node-table-b3']);
    recs.forEach((r, i) => (r.pongReceived = 10 * i));
    recs[3].link = { conn: {}, node: recs[3], inbound: false, ctime: 0, connected: true };
    const index = recs[1].index;
    recs[1].detach();
    table.remove(index);
    expect(table.rows).toEqual([recs[0], recs[2], recs[3]]);
    expect(recs[2].index).toBe(1);
    expect(recs[3].pongReceived).toBe(30);
    expect(recs[3].link?.node).toBe(recs[3]);
    expect(table.lookup('node-table-b3')).toBe(recs[3]);
    expect(table.lookup('node-table-b1')).toBeUndefined();
    expect(recs[1].pongReceived).toBe(10);
    expect(recs[1].name).toBe('node-table-b1');
  });

  test('a renamed row is found by its new name only', () => {
    const { table, recs } = tableOf(['node-table-c0', 'node-table-c1']);
    table.rename(recs[1].index, 'node-table-c9');
    expect(recs[1].name).toBe('node-table-c9');
    expect(table.lookup('node-table-c9')).toBe(recs[1]);
    expect(table.lookup('node-table-c1')).toBeUndefined();
  });

  test("clusterCron's key per row follows pong_received, a pending ping and skipped flags, and moves with its row", () => {
    const { table, recs } = tableOf(['node-table-d0', 'node-table-d1', 'node-table-d2']);
    recs[1].pongReceived = 5000;
    recs[2].pongReceived = 7000;
    expect(table.cronKeys[1]).toBe(5000);
    recs[2].pingSent = 6000;
    expect(table.cronKeys[2]).toBe(-Infinity);
    recs[0].flags = NodeFlag.MYSELF | NodeFlag.MASTER;
    expect(table.cronKeys[0]).toBe(Infinity);
    const before = table.version;
    recs[1].detach();
    table.remove(1);
    expect(table.cronKeys[1]).toBe(-Infinity);
    expect(table.version).toBeGreaterThan(before);
    recs[2].pingSent = 0;
    expect(table.cronKeys[recs[2].index]).toBe(7000);
  });
});
