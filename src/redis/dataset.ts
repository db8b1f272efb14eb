/**
 * A node's keys and values, as much of them as a simulation needs: every value is a write's id (a
 * small integer), a counter, or a list of write ids. The same write applied in the same order gives
 * the same data on a master and on its replicas; a full resync replaces a replica's data with a copy.
 */
export type WriteCommand = 'set' | 'incr' | 'rpush';

/** One write as the replication stream carries it; `bytes` is its size in the stream (the offset it adds). */
export interface WriteOp {
  command: WriteCommand;
  key: string;
  value: number;
  bytes: number;
}

export type Value = number | number[];

/** Bytes an RDB holds per key beyond the key itself (type, length prefixes, a small integer value). */
const RDB_BYTES_PER_KEY = 12;

export class Dataset {
  private readonly data: Map<string, Value>;
  /** The RDB size of the data, estimated: keys, small values, list entries. */
  bytes = 0;

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

  /** Apply a write; returns its reply (OK as 0, the new counter, the list's length). */
  apply(op: WriteOp): number {
    const old = this.data.get(op.key);
    if (old === undefined) this.bytes += op.key.length + RDB_BYTES_PER_KEY;
    switch (op.command) {
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

  /** A copy for a snapshot: lists are copied, as the original goes on changing. */
  snapshot(): Dataset {
    const copy = new Dataset(this);
    for (const [k, v] of copy.data) if (Array.isArray(v)) copy.data.set(k, [...v]);
    return copy;
  }
}
