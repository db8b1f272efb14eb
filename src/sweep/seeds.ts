import { UsageError } from '../scenario/errors';
import { LIMITS } from '../scenario/limits';

/** Parse a seed list such as "1-1000", "1,5,9" or "1-10,20-30". */
export function parseSeeds(spec: string): number[] {
  const seeds: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new UsageError(`--seeds: expected a list of seeds or ranges such as 1-1000 or 1,5,9, found "${spec}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new UsageError(`--seeds: range ${part} runs backwards`);
    if (b - a + 1 + seeds.length > LIMITS.runs) throw new UsageError(`--seeds: expected at most ${LIMITS.runs} seeds, found "${spec}"`);
    if (b > Number.MAX_SAFE_INTEGER) throw new UsageError(`--seeds: seed ${m[2] ?? m[1]} is beyond 2^53 and cannot be represented exactly`);
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  return [...new Set(seeds)].sort((x, y) => x - y);
}

/** Parse "K/N" (1-based shard K of N). */
export function parseShard(spec: string | undefined): { index: number; count: number } {
  if (spec === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const k = m ? Number(m[1]) : 0;
  const n = m ? Number(m[2]) : 0;
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard: expected K/N with 1 <= K <= N, found "${spec}"`);
  return { index: k - 1, count: n };
}
