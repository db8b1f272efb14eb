import { keyHashSlot, crc16 } from '../redis/keySlot';
import { CLUSTER_SLOTS } from '../redis/slotSet';
import { KeySpace } from './spec';

/**
 * A client's keys, named after it (so no two clients write one key, and a lost write is told apart
 * from a concurrent one). Keys meant for given slots carry a hash tag that hashes there: key i of N
 * goes to the slot i*S/N of the S slots, so keys spread evenly over the range. With `pairs` (MSET
 * and MGET) each key has a second one in its slot, its name and `:2`: a key without a tag becomes
 * its own tag (`{app:7}`, which hashes as `app:7` does).
 */
export class Keys {
  readonly names: string[];
  readonly slots: Uint16Array;
  /** Each key's second key, with `pairs`. */
  readonly seconds: string[] | null;

  constructor(client: string, space: KeySpace, pairs = false) {
    this.names = new Array<string>(space.count);
    this.slots = new Uint16Array(space.count);
    this.seconds = pairs ? new Array<string>(space.count) : null;
    const wanted = space.slots ? expand(space.slots.ranges) : null;
    for (let i = 0; i < space.count; i++) {
      const name = wanted ? `{${tagFor(wanted[Math.floor((i * wanted.length) / space.count)])}}${client}:${i}` : pairs ? `{${client}:${i}}` : `${client}:${i}`;
      this.names[i] = name;
      this.slots[i] = keyHashSlot(name);
      if (this.seconds) this.seconds[i] = `${name}:2`;
    }
  }
}

function expand(ranges: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

/** The first of the tags 0, 1, ..., z, 10, ... (base 36) that hashes to each slot, found once. */
let tags: string[] | null = null;

export function tagFor(slot: number): string {
  if (!tags) {
    const found = new Array<string>(CLUSTER_SLOTS);
    let missing = CLUSTER_SLOTS;
    for (let n = 0; missing > 0; n++) {
      const t = n.toString(36);
      const s = crc16(t) % CLUSTER_SLOTS;
      if (found[s] === undefined) {
        found[s] = t;
        missing--;
      }
    }
    tags = found;
  }
  return tags[slot];
}
