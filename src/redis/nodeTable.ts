import type { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { NodeFlag } from './messages';
import { SlotSet } from './slotSet';
import { addressOf, identityOf, knownNameId, nameIdOf, nameOf } from './nodeName';

/**
 * Cells of a row in `NodeTable.cells`: a row is 8 doubles, 64 bytes. A gossip entry reads the first
 * four when built and cells 2 to 5 when applied; side by side at the front of the row, they usually
 * fall in one cache line.
 */
export const Cell = {
  FLAGS: 0,
  /** 1 while the node has an outbound link. */
  LINKED: 1,
  /** The node's name id and address id as one number (see nodeName). */
  IDENTITY: 2,
  PONG_RECEIVED: 3,
  PING_SENT: 4,
  /** Failure reports held on the node, stale ones included until the next cleanup. */
  FAIL_REPORTS: 5,
  DATA_RECEIVED: 6,
  /** Replicas not flagged FAIL, for masters (clusterCountNonFailingSlaves). */
  OK_SLAVES: 7,
} as const;
export const ROW = 8;

const INITIAL_ROWS = 8;
/** Rows clusterCron's walk passes by whatever their times. */
const CRON_SKIPS = NodeFlag.MYSELF | NodeFlag.NOADDR | NodeFlag.HANDSHAKE;

/**
 * A node's table of known nodes (Redis's cluster->nodes dict), in the table's fixed order. The
 * numbers clusterCron and gossip read for every entry are kept here, a 64-byte row per node, and
 * the records read and write them through accessors. A 1000-node cluster holds a million entries:
 * a gossip section picks a hundred at random, and a row read in one or two cache lines instead of
 * a scattered object and its fields is what makes that affordable.
 */
export class NodeTable {
  readonly rows: ClusterNodeRecord[] = [];
  readonly links: (ClusterLink | null)[] = [];
  /** Slots my table assigns to each node (shared, immutable sets). */
  readonly slots: SlotSet[] = [];
  cells = new Float64Array(INITIAL_ROWS * ROW);
  /**
   * Per row, what clusterCron's walk needs to pass a row by, kept in step with the row's flags,
   * ping_sent and pong_received: pong_received while no ping is pending, -Infinity while one is,
   * +Infinity for rows the walk skips (myself, in handshake, without address). The walk reads 8 bytes
   * per row here instead of a 64-byte row, ten times a second in every node.
   */
  cronKeys = new Float64Array(INITIAL_ROWS);
  /** Bumped when flags, a working-replica count, slots or the rows change (see clusterCron's orphans). */
  version = 0;
  /** Row + 1 of each name id (0: not in this table). */
  private rowById = new Int32Array(INITIAL_ROWS);

  get length(): number {
    return this.rows.length;
  }

  /** The row of the node with name id `id`, or -1. */
  rowOf(id: number): number {
    return id >= 0 && id < this.rowById.length ? this.rowById[id] - 1 : -1;
  }

  lookup(name: string): ClusterNodeRecord | undefined {
    const i = this.rowOf(knownNameId(name));
    return i < 0 ? undefined : this.rows[i];
  }

  nameAt(i: number): string {
    return nameOf(this.identityAt(i));
  }

  /** "ip:port@cport". */
  addressAt(i: number): string {
    return addressOf(this.identityAt(i));
  }

  /** The name id of row `i`. */
  idAt(i: number): number {
    return nameIdOf(this.identityAt(i));
  }

  private identityAt(i: number): number {
    return this.cells[i * ROW + Cell.IDENTITY];
  }

  /** Add a row for `record` at the end; its cells start at zero. */
  append(record: ClusterNodeRecord, name: string, address: string): number {
    const index = this.rows.length;
    if ((index + 1) * ROW > this.cells.length) {
      this.cells = widen(this.cells);
      this.cronKeys = widen(this.cronKeys);
    }
    this.rows.push(record);
    this.cells[index * ROW + Cell.IDENTITY] = identityOf(name, address);
    this.links.push(null);
    this.slots.push(SlotSet.EMPTY);
    this.setRow(index);
    this.refreshCronKey(index);
    this.version++;
    return index;
  }

  /** Row `i`'s flags, ping_sent or pong_received changed. */
  refreshCronKey(i: number): void {
    const r = i * ROW;
    if (this.cells[r + Cell.FLAGS] & CRON_SKIPS) this.cronKeys[i] = Infinity;
    else this.cronKeys[i] = this.cells[r + Cell.PING_SENT] !== 0 ? -Infinity : this.cells[r + Cell.PONG_RECEIVED];
  }

  rename(index: number, name: string): void {
    this.rowById[this.idAt(index)] = 0;
    this.cells[index * ROW + Cell.IDENTITY] = identityOf(name, this.addressAt(index));
    this.setRow(index);
    this.version++;
  }

  private setRow(index: number): void {
    const id = this.idAt(index);
    if (id >= this.rowById.length) {
      const wider = new Int32Array(Math.max(id + 1, this.rowById.length * 2));
      wider.set(this.rowById);
      this.rowById = wider;
    }
    this.rowById[id] = index + 1;
  }

  /** Remove a row; the rows after it move up one, as in Redis's dict order after a delete. */
  remove(index: number): void {
    this.rowById[this.idAt(index)] = 0;
    this.cells.copyWithin(index * ROW, (index + 1) * ROW, this.rows.length * ROW);
    this.cells.fill(0, (this.rows.length - 1) * ROW, this.rows.length * ROW);
    this.cronKeys.copyWithin(index, index + 1, this.rows.length);
    this.cronKeys[this.rows.length - 1] = 0;
    this.version++;
    this.rows.splice(index, 1);
    this.links.splice(index, 1);
    this.slots.splice(index, 1);
    for (let i = index; i < this.rows.length; i++) {
      this.rows[i].index = i;
      this.setRow(i);
    }
  }

  /** Copy row `index` into `into`'s first row (a record that leaves a table keeps its values). */
  copyRow(index: number, into: NodeTable): void {
    into.cells.set(this.cells.subarray(index * ROW, (index + 1) * ROW));
    into.cronKeys[0] = this.cronKeys[index];
    into.links[0] = this.links[index];
    into.slots[0] = this.slots[index];
  }
}

function widen(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const wider = new Float64Array(a.length * 2);
  wider.set(a);
  return wider;
}
