import { UsageError } from '../scenario/errors';
import { isTime, parseTime } from '../scenario/time';

/** Parse a --seed value: a whole number written in decimal digits, exactly representable. */
export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--seed: expected a non-negative integer in decimal digits, found "${text}"`);
  const n = Number(text);
  if (n > Number.MAX_SAFE_INTEGER) throw new UsageError(`--seed: expected at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), found ${text}`);
  return n;
}

/** Parse a virtual time option (--until, --at): a time with a unit, within the scenario's duration. */
export function parseVirtualTime(option: string, value: string | undefined, durationUs: number): number | undefined {
  if (value === undefined) return undefined;
  if (!isTime(value)) throw new UsageError(`--${option}: expected a time with a unit (e.g. 30s), found "${value}"`);
  const us = parseTime(value);
  if (us > durationUs) throw new UsageError(`--${option}: ${value} is after the end of the scenario (duration ${durationUs / 1e6}s); --${option} can only stop a run earlier`);
  return us;
}

/** Whether stdout is a terminal that wants colour (never a file or a pipe; NO_COLOR turns it off). */
export function colourOut(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}
