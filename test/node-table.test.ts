import { ClusterNodeRecord } from '../src/redis/clusterNode';
import { NodeFlag } from '../src/redis/messages';
import { Counted, KEY_SCALE, KeyBit, NodeTable } from '../src/redis/nodeTable';

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

  test("a row's key holds flags, pong_received and the pending-ping, report and link bits, and moves with its row", () => {
    const { table, recs } = tableOf(['node-table-d0', 'node-table-d1', 'node-table-d2']);
    recs[1].pongReceived = 5000;
    recs[2].pongReceived = 7000;
    recs[2].flags = NodeFlag.SLAVE | NodeFlag.NOFAILOVER;
    recs[2].pingSent = 6000;
    expect(table.keys[1]).toBe(5000 * KEY_SCALE + KeyBit.UNLINKED);
    expect(table.keys[2] & KeyBit.PING_PENDING).toBeTruthy();
    recs[2].link = { conn: {}, node: recs[2], inbound: false, ctime: 0, connected: true };
    recs[2].failReports = new Map([[recs[1], 6500]]);
    recs[2].syncFailReports();
    const before = table.version;
    recs[1].detach();
    table.remove(1);
    expect(table.version).toBeGreaterThan(before);
    expect(recs[2].index).toBe(1);
    expect(table.keys[1]).toBe(7000 * KEY_SCALE + (NodeFlag.SLAVE | NodeFlag.NOFAILOVER) + KeyBit.PING_PENDING + KeyBit.REPORTED);
    expect([recs[2].flags, recs[2].pongReceived, recs[2].pingSent]).toEqual([NodeFlag.SLAVE | NodeFlag.NOFAILOVER, 7000, 6000]);
    recs[2].pingSent = 0;
    recs[2].link = null;
    expect(table.keys[1] & (KeyBit.PING_PENDING | KeyBit.UNLINKED)).toBe(KeyBit.UNLINKED);
    expect(recs[1].pongReceived).toBe(5000);
  });

  test('a pong_received the key cannot hold (negative, fractional or huge) is kept in the row, flags untouched', () => {
    const { recs } = tableOf(['node-table-e0']);
    recs[0].flags = NodeFlag.MASTER | NodeFlag.PFAIL;
    for (const ms of [-86_400_000, 1234.5, 2 ** 45, 1_000_005_000]) {
      recs[0].pongReceived = ms;
      expect(recs[0].pongReceived).toBe(ms);
      expect(recs[0].flags).toBe(NodeFlag.MASTER | NodeFlag.PFAIL);
    }
  });

  test('tables listing the same nodes in the same order share identities; a change in one leaves the others', () => {
    const names = ['node-table-f0', 'node-table-f1', 'node-table-f2', 'node-table-f3'];
    const a = tableOf(names);
    const b = tableOf(names);
    expect(b.table.identities.values).toBe(a.table.identities.values);
    b.table.rename(1, 'node-table-f9');
    a.recs[2].detach();
    a.table.remove(2);
    expect(a.recs.map((r) => r.name)).toEqual(['node-table-f0', 'node-table-f1', 'node-table-f2', 'node-table-f3']);
    expect(a.table.rows.map((r) => r.name)).toEqual(['node-table-f0', 'node-table-f1', 'node-table-f3']);
    expect(b.recs.map((r) => r.name)).toEqual(['node-table-f0', 'node-table-f9', 'node-table-f2', 'node-table-f3']);
    const c = tableOf(['node-table-f0', 'node-table-f5']);
    expect(c.recs.map((r) => r.name)).toEqual(['node-table-f0', 'node-table-f5']);
    expect(c.recs.map((r) => r.address)).toEqual(['127.0.0.1:7000@17000', '127.0.0.1:7001@17001']);
    expect(tableOf(names).table.lookup('node-table-f3')?.index).toBe(3);
  });

  test("the table counts pending pings and keeps a floor under every row's pong_received for clusterCron", () => {
    const { table, recs } = tableOf(['node-table-g0', 'node-table-g1', 'node-table-g2']);
    table.pongFloor = Infinity; // as a walk would leave it
    recs[1].pongReceived = 9000;
    recs[2].pongReceived = 8000;
    expect(table.pongFloor).toBe(8000);
    recs[1].pingSent = 8500;
    recs[2].pingSent = 8600;
    recs[2].pingSent = 8700;
    expect(table.pendingPings).toBe(2);
    recs[1].pingSent = 0;
    expect(table.pendingPings).toBe(1);
    recs[2].detach();
    table.remove(2);
    expect(table.pendingPings).toBe(0);
    recs[1].pongReceived = -5;
    expect(table.pongFloor).toBe(-Infinity);
  });

  test("gossip's pong hints only ever raise pong_received, keeping the row's other bits", () => {
    const { table, recs } = tableOf(['node-table-h0', 'node-table-h1']);
    recs[1].flags = NodeFlag.MASTER | NodeFlag.PFAIL;
    recs[1].pongReceived = 7000;
    table.raisePong(1, 6000);
    expect(recs[1].pongReceived).toBe(7000);
    table.raisePong(1, 9000);
    expect([recs[1].pongReceived, recs[1].flags]).toEqual([9000, NodeFlag.MASTER | NodeFlag.PFAIL]);
    recs[1].pongReceived = -3000;
    table.raisePong(1, -4000);
    expect(recs[1].pongReceived).toBe(-3000);
    table.raisePong(1, 2000);
    expect(recs[1].pongReceived).toBe(2000);
    table.raisePong(1, 2 ** 45);
    expect(recs[1].pongReceived).toBe(2 ** 45);
  });

  test('PFAIL, FAIL, handshake and linkless counts follow the keys through flag writes, links and removals', () => {
    const { table, recs } = tableOf(['node-table-c0', 'node-table-c1', 'node-table-c2', 'node-table-c3']);
    const counts = () => [Counted.PFAIL, Counted.FAIL, Counted.HANDSHAKE, Counted.LINKLESS].map((c) => table.counts[c]);
    recs[0].flags = NodeFlag.MYSELF | NodeFlag.MASTER;
    expect(counts()).toEqual([0, 0, 0, 3]);
    recs[1].flags |= NodeFlag.PFAIL;
    recs[2].flags |= NodeFlag.PFAIL | NodeFlag.HANDSHAKE;
    recs[2].flags = (recs[2].flags & ~NodeFlag.PFAIL) | NodeFlag.FAIL;
    recs[3].link = { conn: {}, node: recs[3], inbound: false, ctime: 0, connected: true };
    expect(counts()).toEqual([1, 1, 1, 2]);
    const index = recs[2].index;
    recs[2].detach();
    table.remove(index);
    expect(counts()).toEqual([1, 0, 0, 1]);
    recs[3].link = null;
    recs[1].flags &= ~NodeFlag.PFAIL;
    expect(counts()).toEqual([0, 0, 0, 2]);
  });
});
