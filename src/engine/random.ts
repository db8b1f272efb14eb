import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Streams are derived by name from the run's seed, so each purpose
 * (a node, a link, the scenario) draws from its own sequence and never shifts another's.
 */
export class RandomStream {
  private readonly prng: seedrandom.PRNG;
  private spareNormal: number | undefined;

  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
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
