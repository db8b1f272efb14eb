import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Streams are derived by name from the run's seed, so each purpose
 * (a node, a link, the scenario) draws from its own sequence and never shifts another's.
 *
 * seedrandom's Alea seeds the stream; the stream then steps Alea's four-number state itself, which
 * gives exactly seedrandom's sequence while keeping each stream one small object (a 1000-node
 * cluster has a million link streams; seedrandom's own generator carries several closures each).
 * The state is a Float64Array: as object fields the doubles would be boxed, and a draw would cost
 * twice as much (gossip draws a hundred per message).
 */
export class RandomStream {
  /** From `base`: Alea's s0, s1, s2, c, then the cached second normal deviate (NaN when none). */
  private readonly state: Float64Array;
  private readonly base: number;

  /**
   * A stream seeded with `seed`; or, given an array, the stream whose state someone else keeps
   * there from `base` on (see seedState): draws advance that state.
   */
  constructor(seed: string);
  constructor(state: Float64Array, base: number);
  constructor(seedOrState: string | Float64Array, base = 0) {
    if (typeof seedOrState === 'string') {
      this.state = new Float64Array(STREAM_CELLS);
      this.base = 0;
      RandomStream.seedState(this.state, 0, seedOrState);
    } else {
      this.state = seedOrState;
      this.base = base;
    }
  }

  /**
   * Write the state of a stream seeded with `seed` into `state` from `base` on (STREAM_CELLS numbers),
   * for callers that keep many streams in one array: a 1000-node cluster has a million link streams.
   */
  static seedState(state: Float64Array, base: number, seed: string): void {
    const alea = (seedrandom.alea(seed, { state: true }) as unknown as { state(): AleaState }).state();
    state.set([alea.s0, alea.s1, alea.s2, alea.c, NaN], base);
  }

  /** One step of Alea (Baagøe): uniform in [0, 1). */
  private prng(): number {
    const st = this.state;
    const b = this.base;
    const t = 2091639 * st[b] + st[b + 3] * 2.3283064365386963e-10;
    st[b] = st[b + 1];
    st[b + 1] = st[b + 2];
    st[b + 3] = t | 0;
    return (st[b + 2] = t - st[b + 3]);
  }

  /** The seed of the stream named `name` under the run seed `seed`. */
  static seedOf(seed: number | string, name: string): string {
    return `${seed}/${name}`;
  }

  /** The stream named `name` under the run seed `seed`. */
  static derive(seed: number | string, name: string): RandomStream {
    return new RandomStream(RandomStream.seedOf(seed, name));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /**
   * `n` draws of int(`bound`) into `out`, the same as n calls to int() but with the state in locals:
   * Alea's steps form one chain through its state, and this keeps that chain out of memory.
   */
  fillInts(out: Int32Array, n: number, bound: number): void {
    const st = this.state;
    const b = this.base;
    let s0 = st[b];
    let s1 = st[b + 1];
    let s2 = st[b + 2];
    let c = st[b + 3];
    for (let k = 0; k < n; k++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      out[k] = Math.floor(s2 * bound);
    }
    st[b] = s0;
    st[b + 1] = s1;
    st[b + 2] = s2;
    st[b + 3] = c;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng();
  }

  /** Standard normal deviate (Box-Muller, caching the second value). */
  normal(): number {
    const spare = this.state[this.base + 4];
    if (!Number.isNaN(spare)) {
      this.state[this.base + 4] = NaN;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.prng();
    const v = this.prng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.state[this.base + 4] = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `n` random hex characters. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.int(16)];
    return s;
  }
}

const HEX = '0123456789abcdef';
/** Numbers of a stream's state. */
export const STREAM_CELLS = 5;

interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}
