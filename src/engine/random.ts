import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Streams are derived by name from the run's seed, so each purpose
 * (a node, a link, the scenario) draws from its own sequence and never shifts another's.
 *
 * seedrandom's Alea seeds the stream; the stream then steps Alea's four-number state itself, which
 * gives exactly seedrandom's sequence while keeping each stream one small object (a 1000-node
 * cluster has a million link streams; seedrandom's own generator carries several closures each).
 */
export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;
  private spareNormal: number | undefined;

  constructor(seed: string) {
    const state = (seedrandom.alea(seed, { state: true }) as unknown as { state(): AleaState }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** One step of Alea (Baagøe): uniform in [0, 1). */
  private prng(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
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
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.prng();
    const v = this.prng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
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
