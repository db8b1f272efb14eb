/** Virtual time is an integer count of microseconds since the start of a run. */
export type Micros = number;

export const MICROS_PER_MS = 1000;
export const MICROS_PER_SECOND = 1_000_000;

/** Milliseconds (possibly fractional) to integer microseconds. */
export function fromMs(ms: number): Micros {
  return Math.round(ms * MICROS_PER_MS);
}

/** Integer microseconds to milliseconds (fractional). */
export function toMs(t: Micros): number {
  return t / MICROS_PER_MS;
}

/** Format virtual time as seconds with millisecond precision, e.g. "10.000 s". */
export function formatSeconds(t: Micros): string {
  return `${(t / MICROS_PER_SECOND).toFixed(3)} s`;
}
