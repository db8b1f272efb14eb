import { Micros } from '../engine/time';

const UNITS: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000, m: 60_000_000 };
const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
const UNIT = '(?:us|ms|s|m)';

/** Pattern of a time with a unit: 50us, 250ms, 1.5s, 2m. */
export const TIME_PATTERN = `^${NUMBER}${UNIT}$`;
/** The same with an optional minus sign (clock jumps). */
export const SIGNED_TIME_PATTERN = `^-?${NUMBER}${UNIT}$`;
const TIME = new RegExp(TIME_PATTERN);
const PARTS = new RegExp(`^(-?${NUMBER})(${UNIT})$`);

/** Whether `text` is a time with a unit. */
export function isTime(text: string): boolean {
  return TIME.test(text);
}

/** Parse a validated time string (signed or not) into integer microseconds. */
export function parseTime(text: string): Micros {
  const m = PARTS.exec(text);
  if (!m) throw new Error(`not a time: ${text}`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}
