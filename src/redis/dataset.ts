import { keyHashSlot } from './keySlot';

/**
 * A node's keys and values, as much of them as a simulation needs: every value is a write's id (a
 * small integer), a counter, or a list of write ids. The same write applied in the same order gives
 * the same data on a master and on its replicas; a full resync replaces a replica's data with a copy.
 * DEL and RESTORE are what MIGRATE writes into the source's and the target's streams.
 */
export type WriteCommand = 'set' | 'incr' | 'rpush' | 'mset' | 'del' | 'restore';

/** One write as the replication stream carries it; `bytes` is its size in the stream (the offset it adds). */
export interface WriteOp {
  command: WriteCommand;
  key: string;
  /** MSET: its second key (in the same slot as `key`), set to the same value. */
  key2?: string;
  value: number;
  bytes: number;
  /** RESTORE: the whole value. */
  restored?: Value;
}

export type Value = number | number[];

/** Bytes an RDB holds per key beyond the key itself (type, length prefixes, a small integer value). */
const RDB_BYTES_PER_KEY = 12;

export class Dataset {
  private readonly data: Map<string, Value>;
  /** The RDB size of the data, estimated: keys, small values, list entries. */
  bytes = 0;
  /** Keys by slot, built when first asked for (CLUSTER GETKEYSINSLOT) and kept from then on. */
  private bySlot: Map<number, Set<string>> | null = null;

  constructor(from?: Dataset) {
    this.data = new Map(from?.data);
    this.bytes = from?.bytes ?? 0;
  }

  get size(): number {
    return this.data.size;
  }

  get(key: string): Value | undefined {
    return this.data.get(key);
  }

  /** Apply a write; returns its reply (OK as 0, the new counter, the list's length, the keys deleted). */
  apply(op: WriteOp): number {
    if (op.command === 'mset') {
      this.apply({ command: 'set', key: op.key, value: op.value, bytes: 0 });
      return this.apply({ command: 'set', key: op.key2 as string, value: op.value, bytes: 0 });
    }
    const old = this.data.get(op.key);
    if (op.command === 'del') return this.delete(op.key, old);
    if (old === undefined) {
      this.bytes += op.key.length + RDB_BYTES_PER_KEY;
      if (this.bySlot) addToIndex(this.bySlot, op.key);
    }
    switch (op.command) {
      case 'restore': {
        const v = op.restored as Value;
        this.data.set(op.key, Array.isArray(v) ? [...v] : v);
        return 0;
      }
      case 'set':
        this.data.set(op.key, op.value);
        return 0;
      case 'incr': {
        const n = (typeof old === 'number' ? old : 0) + 1;
        this.data.set(op.key, n);
        return n;
      }
      case 'rpush': {
        const list = Array.isArray(old) ? old : [];
        if (list !== old) this.data.set(op.key, list);
        list.push(op.value);
        this.bytes += 4;
        return list.length;
      }
    }
  }

  private delete(key: string, old: Value | undefined): number {
    if (old === undefined) return 0;
    this.data.delete(key);
    this.bytes -= key.length + RDB_BYTES_PER_KEY + (Array.isArray(old) ? 4 * old.length : 0);
    this.bySlot?.get(keyHashSlot(key))?.delete(key);
    return 1;
  }

  /**
   * Up to `count` keys of `slot` (CLUSTER GETKEYSINSLOT), the newest first: Redis 7.0 puts a new
   * key at the head of its slot's list and reads the list from there.
   */
  keysInSlot(slot: number, count: number): string[] {
    const keys = [...(this.slotIndex().get(slot) ?? [])];
    return keys.slice(Math.max(0, keys.length - count)).reverse();
  }

  countKeysInSlot(slot: number): number {
    return this.slotIndex().get(slot)?.size ?? 0;
  }

  private slotIndex(): Map<number, Set<string>> {
    if (this.bySlot) return this.bySlot;
    const index = new Map<number, Set<string>>();
    for (const key of this.data.keys()) addToIndex(index, key);
    return (this.bySlot = index);
  }

  /** A copy for a snapshot: lists are copied, as the original goes on changing. */
  snapshot(): Dataset {
    const copy = new Dataset(this);
    for (const [k, v] of copy.data) if (Array.isArray(v)) copy.data.set(k, [...v]);
    return copy;
  }
}

function addToIndex(index: Map<number, Set<string>>, key: string): void {
  const slot = keyHashSlot(key);
  const keys = index.get(slot);
  if (keys) keys.add(key);
  else index.set(slot, new Set([key]));
}
