import { UsageError } from '../scenario/errors';

/** Parse a --seed value: a non-negative integer. */
export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--seed: expected a non-negative integer, found "${String(value)}"`);
  return n;
}
