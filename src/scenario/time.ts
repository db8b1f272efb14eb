import { Micros } from '../engine/time';

const UNITS: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000, m: 60_000_000 };

/** Pattern of a time with a unit: 50us, 250ms, 1.5s, 2m. */
export const TIME_PATTERN = '^[0-9]+(\\.[0-9]+)?(us|ms|s|m)$';

/** Parse a validated time string into integer microseconds. */
export function parseTime(text: string): Micros {
  const m = /^([0-9]+(?:\.[0-9]+)?)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`not a time: ${text}`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}
