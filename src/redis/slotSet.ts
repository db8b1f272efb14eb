/** Number of hash slots in Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/** An inclusive slot range. */
export type SlotRange = readonly [number, number];

/**
 * An immutable set of hash slots kept as sorted, disjoint, non-adjacent ranges. Two sets with the same
 * slots have the same `key`, so a claim can be compared with a table entry without touching 16384 bits.
 */
export class SlotSet {
  static readonly EMPTY = new SlotSet([]);
  readonly key: string;
  readonly count: number;

  private constructor(readonly ranges: readonly SlotRange[]) {
    this.key = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(' ');
    this.count = ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
  }

  /** Build from any ranges (unsorted, overlapping or adjacent ones are merged). */
  static of(ranges: readonly SlotRange[]): SlotSet {
    const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of sorted) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    return merged.length === 0 ? SlotSet.EMPTY : new SlotSet(merged);
  }

  /** The same SlotSet instance for the same slots: tables of large clusters hold one claim per master, a thousand times over. */
  static shared(ranges: readonly SlotRange[]): SlotSet {
    const set = SlotSet.of(ranges);
    const known = SHARED.get(set.key);
    if (known) return known;
    SHARED.set(set.key, set);
    return set;
  }

  /** Build from ascending slot numbers. */
  static fromSortedSlots(slots: readonly number[]): SlotSet {
    const ranges: [number, number][] = [];
    for (const s of slots) {
      const last = ranges[ranges.length - 1];
      if (last && s === last[1] + 1) last[1] = s;
      else ranges.push([s, s]);
    }
    return ranges.length === 0 ? SlotSet.EMPTY : new SlotSet(ranges);
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  equals(other: SlotSet): boolean {
    return this === other || this.key === other.key;
  }

  has(slot: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid];
      if (slot < a) hi = mid - 1;
      else if (slot > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: SlotSet): SlotSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return SlotSet.of([...this.ranges, ...other.ranges]);
  }

  subtract(other: SlotSet): SlotSet {
    if (other.isEmpty || this.isEmpty) return this;
    const out: [number, number][] = [];
    for (const [a, b] of this.ranges) {
      let start = a;
      for (const [c, d] of other.ranges) {
        if (d < start || c > b) continue;
        if (c > start) out.push([start, c - 1]);
        start = d + 1;
        if (start > b) break;
      }
      if (start <= b) out.push([start, b]);
    }
    return SlotSet.of(out);
  }

  /** Call `fn` for every slot, in ascending order. */
  forEach(fn: (slot: number) => void): void {
    for (const [a, b] of this.ranges) for (let s = a; s <= b; s++) fn(s);
  }

  toString(): string {
    return this.key;
  }
}

const SHARED = new Map<string, SlotSet>();

/** Split all slots evenly over `masters` masters the way `redis-cli --cluster create` does. */
export function splitSlotsLikeRedisCli(masters: number): SlotSet[] {
  const perNode = CLUSTER_SLOTS / masters;
  const out: SlotSet[] = [];
  let cursor = 0;
  let first = 0;
  for (let i = 0; i < masters; i++) {
    const last = i === masters - 1 ? CLUSTER_SLOTS - 1 : Math.round(cursor + perNode - 1);
    out.push(SlotSet.of([[first, last]]));
    first = last + 1;
    cursor += perNode;
  }
  return out;
}
