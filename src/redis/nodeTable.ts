import type { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { SlotSet } from './slotSet';
import { addressOf, identityOf, knownNameId, nameIdOf, nameOf } from './nodeName';
import { IdentityColumn } from './identityColumn';
import { NodeFlag } from './messages';

/** Cells of a row in `NodeTable.cells`, the numbers of a node that are not in its key. */
export const Cell = {
  PING_SENT: 0,
  /** pong_received when the key cannot hold it (see KeyBit.PONG_IN_ROW). */
  PONG_RECEIVED: 1,
  DATA_RECEIVED: 2,
  /** Replicas not flagged FAIL, for masters (clusterCountNonFailingSlaves). */
  OK_SLAVES: 3,
} as const;
export const ROW = 4;

/** Bits of a row's key (see NodeTable.keys): the node's flags (NodeFlag) in the lowest ten, then these. */
export const KeyBit = {
  FLAGS: 0x3ff,
  /** ping_sent is not 0. */
  PING_PENDING: 1 << 10,
  /** The node holds failure reports (stale ones included until the next cleanup). */
  REPORTED: 1 << 11,
  /** No outbound link. */
  UNLINKED: 1 << 12,
  /** pong_received does not fit in the key (negative, fractional or too large): it is in the row. */
  PONG_IN_ROW: 1 << 13,
} as const;
/** What NodeTable.counts counts: rows whose key has these bits (LINKLESS: unlinked and not myself). */
export const Counted = { PING_PENDING: 0, PFAIL: 1, FAIL: 2, HANDSHAKE: 3, LINKLESS: 4 } as const;
const { PFAIL, FAIL, MYSELF, HANDSHAKE } = NodeFlag;
const COUNTED_BITS = KeyBit.PING_PENDING | PFAIL | FAIL | HANDSHAKE | KeyBit.UNLINKED | MYSELF;

/** A key is pong_received * KEY_SCALE + bits. */
export const KEY_SCALE = 2 ** 14;
/** Keys stay exact integers below 2^53. */
const PONG_LIMIT = 2 ** 53 / KEY_SCALE;

const INITIAL_ROWS = 8;

/**
 * A node's table of known nodes (Redis's cluster->nodes dict), in the table's fixed order. A
 * 1000-node cluster holds a million entries and a gossip section picks a hundred at random, so what
 * clusterCron and gossip read for every entry is packed into one number per row, the key: the
 * node's flags, pong_received, and whether a ping is pending, failure reports are held, or a link
 * exists. Keys are the source of truth for those; records read and write them through accessors.
 * A table's keys take 8 bytes per node, so a cluster's are 8 MB at 1000 nodes and mostly stay in
 * cache, where 64-byte rows of the same facts (64 MB) missed on almost every read.
 */
export class NodeTable {
  readonly rows: ClusterNodeRecord[] = [];
  readonly links: (ClusterLink | null)[] = [];
  /** Slots my table assigns to each node (shared, immutable sets). */
  readonly slots: SlotSet[] = [];
  keys = new Float64Array(INITIAL_ROWS);
  cells = new Float64Array(INITIAL_ROWS * ROW);
  readonly identities = new IdentityColumn();
  /** Bumped when flags, a working-replica count, slots or the rows change (see clusterCron's orphans). */
  version = 0;
  /** How many rows have each of the Counted bits, kept by every write that changes them. */
  readonly counts = new Int32Array(5);
  /**
   * No more than the pong_received of any row clusterCron's walk would check without a ping pending:
   * recomputed by the walk, lowered by every write after it. While it is within NT/2 and no ping is
   * pending, the walk would find nothing to do, and clusterCron skips it.
   */
  pongFloor = -Infinity;
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
    return nameOf(this.identities.values[i]);
  }

  /** "ip:port@cport". */
  addressAt(i: number): string {
    return addressOf(this.identities.values[i]);
  }

  /** The name id of row `i`. */
  idAt(i: number): number {
    return nameIdOf(this.identities.values[i]);
  }

  flagsAt(i: number): number {
    return this.keys[i] & KeyBit.FLAGS;
  }

  pongAt(i: number): number {
    const key = this.keys[i];
    return key & KeyBit.PONG_IN_ROW ? this.cells[i * ROW + Cell.PONG_RECEIVED] : Math.floor(key / KEY_SCALE);
  }

  /** Set bits `mask` of row `i`'s key to `bits`. */
  setKeyBits(i: number, mask: number, bits: number): void {
    const key = this.keys[i];
    const next = key - (key & mask) + (bits & mask);
    if ((key ^ next) & COUNTED_BITS) {
      this.tally(key, -1);
      this.tally(next, 1);
    }
    this.write(i, next);
  }

  setPong(i: number, ms: number): void {
    const bits = this.keys[i] & (KEY_SCALE - 1);
    if (Number.isInteger(ms) && ms >= 0 && ms < PONG_LIMIT) {
      this.write(i, ms * KEY_SCALE + (bits & ~KeyBit.PONG_IN_ROW));
    } else {
      this.cells[i * ROW + Cell.PONG_RECEIVED] = ms;
      this.write(i, bits | KeyBit.PONG_IN_ROW);
    }
  }

  /**
   * Set row `i`'s pong_received to `ms`, a whole number of ms, if that is later than the one it
   * holds (gossip's pong hints). A later pong cannot lower the pong floor, so it is left alone.
   */
  raisePong(i: number, ms: number): void {
    const key = this.keys[i];
    if (key & KeyBit.PONG_IN_ROW) {
      if (ms > this.pongAt(i)) this.setPong(i, ms);
    } else if (ms * KEY_SCALE > key) {
      // ms is whole and the bits below the pong are less than KEY_SCALE: ms > pong exactly when this holds.
      if (ms < PONG_LIMIT) this.keys[i] = ms * KEY_SCALE + (key & (KEY_SCALE - 1));
      else this.setPong(i, ms);
    }
  }

  /** Rows with a ping pending. */
  get pendingPings(): number {
    return this.counts[Counted.PING_PENDING];
  }

  private tally(key: number, by: number): void {
    const c = this.counts;
    if (key & KeyBit.PING_PENDING) c[Counted.PING_PENDING] += by;
    if (key & PFAIL) c[Counted.PFAIL] += by;
    if (key & FAIL) c[Counted.FAIL] += by;
    if (key & HANDSHAKE) c[Counted.HANDSHAKE] += by;
    if ((key & (KeyBit.UNLINKED | MYSELF)) === KeyBit.UNLINKED) c[Counted.LINKLESS] += by;
  }

  private write(i: number, key: number): void {
    this.keys[i] = key;
    this.lowerPongFloor(key);
  }

  /** Make the pong floor no more than the pong_received `key` holds (-Infinity if it holds none). */
  lowerPongFloor(key: number): void {
    const pong = key & KeyBit.PONG_IN_ROW ? -Infinity : Math.floor(key / KEY_SCALE);
    if (pong < this.pongFloor) this.pongFloor = pong;
  }

  /** Add a row for `record` at the end: no flags, no link, times at zero. */
  append(record: ClusterNodeRecord, name: string, address: string): number {
    const index = this.rows.length;
    if (index === this.keys.length) {
      this.keys = widen(this.keys);
      this.cells = widen(this.cells);
    }
    this.rows.push(record);
    this.identities.append(index, identityOf(name, address));
    this.write(index, KeyBit.UNLINKED);
    this.tally(KeyBit.UNLINKED, 1);
    this.links.push(null);
    this.slots.push(SlotSet.EMPTY);
    this.setRow(index);
    this.version++;
    return index;
  }

  rename(index: number, name: string): void {
    this.rowById[this.idAt(index)] = 0;
    this.identities.set(index, identityOf(name, this.addressAt(index)), this.length);
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
    const length = this.rows.length;
    this.rowById[this.idAt(index)] = 0;
    this.tally(this.keys[index], -1);
    this.identities.remove(index, length);
    this.cells.copyWithin(index * ROW, (index + 1) * ROW, length * ROW);
    this.cells.fill(0, (length - 1) * ROW, length * ROW);
    this.keys.copyWithin(index, index + 1, length);
    this.keys[length - 1] = 0;
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
    into.keys[0] = this.keys[index];
    into.counts.fill(0);
    into.tally(this.keys[index], 1);
    into.links[0] = this.links[index];
    into.slots[0] = this.slots[index];
  }
}

function widen(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const wider = new Float64Array(a.length * 2);
  wider.set(a);
  return wider;
}
