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
  /** Alea's s0, s1, s2, c, then the cached second normal deviate (NaN when none). */
  private readonly state = new Float64Array(5);

  constructor(seed: string) {
    const alea = (seedrandom.alea(seed, { state: true }) as unknown as { state(): AleaState }).state();
    this.state.set([alea.s0, alea.s1, alea.s2, alea.c, NaN]);
  }

  /** One step of Alea (Baagøe): uniform in [0, 1). */
  private prng(): number {
    const st = this.state;
    const t = 2091639 * st[0] + st[3] * 2.3283064365386963e-10;
    st[0] = st[1];
    st[1] = st[2];
    st[3] = t | 0;
    return (st[2] = t - st[3]);
  }

  /** The stream named `name` under the run seed `seed`. */
  static derive(seed: number | string, name: string): RandomStream {
    return new RandomStream(`${seed}/${name}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng();
  }

  /** Standard normal deviate (Box-Muller, caching the second value). */
  normal(): number {
    const spare = this.state[4];
    if (!Number.isNaN(spare)) {
      this.state[4] = NaN;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.prng();
    const v = this.prng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.state[4] = r * Math.sin(2 * Math.PI * v);
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

interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}
