import { RandomStream } from '../engine/random';
import { Micros } from '../engine/time';

/** Jitter added to a link's base latency. All parameters are in microseconds. */
export type Jitter =
  | { kind: 'constant' }
  | { kind: 'uniform'; max: Micros }
  | { kind: 'normal'; stddev: Micros }
  | { kind: 'lognormal'; median: Micros; sigma: number };

/** One-way delay model of a link: base + jitter, clipped to at least one microsecond. */
export interface LatencyModel {
  base: Micros;
  jitter: Jitter;
}

export function sampleLatency(model: LatencyModel, rng: RandomStream): Micros {
  return Math.max(1, Math.round(model.base + sampleJitter(model.jitter, rng)));
}

function sampleJitter(j: Jitter, rng: RandomStream): number {
  switch (j.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      return rng.next() * j.max;
    case 'normal':
      return rng.normal() * j.stddev;
    case 'lognormal':
      return j.median * Math.exp(j.sigma * rng.normal());
  }
}
