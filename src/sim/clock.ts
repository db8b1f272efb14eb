import { Micros } from '../engine/time';

/**
 * Unix time in ms that virtual time 0 maps to on a node clock. Redis's timers assume epoch-scale
 * values (a zero failover_auth_time must look long past), and 10^9 ms is large enough for that
 * while keeping every timestamp a small integer, which V8 stores unboxed: node tables hold
 * millions of them in large clusters.
 */
export const CLOCK_EPOCH_MS = 1_000_000_000;

/**
 * A node's wall clock: virtual time plus an offset (clock jumps) and a rate error (drift, in parts per
 * million). Timers requested in local milliseconds are converted to virtual microseconds.
 */
export class NodeClock {
  offsetUs = 0;
  driftPpm = 0;
  private driftSince = 0;
  private driftBaseUs = 0;

  nowMs(virtual: Micros): number {
    return CLOCK_EPOCH_MS + Math.floor(this.localUs(virtual) / 1000);
  }

  private localUs(virtual: Micros): number {
    return virtual + this.offsetUs + this.driftBaseUs + ((virtual - this.driftSince) * this.driftPpm) / 1e6;
  }

  /** Step the clock by `deltaUs` (NTP step, VM resume...). */
  jump(deltaUs: number): void {
    this.offsetUs += deltaUs;
  }

  /** From `virtual` on, the clock runs fast (positive) or slow (negative) by `ppm`. */
  setDrift(virtual: Micros, ppm: number): void {
    this.driftBaseUs += ((virtual - this.driftSince) * this.driftPpm) / 1e6;
    this.driftSince = virtual;
    this.driftPpm = ppm;
  }

  /** Virtual microseconds that `ms` of this clock's time take. */
  toVirtual(ms: number): Micros {
    return Math.max(1, Math.ceil((ms * 1000) / (1 + this.driftPpm / 1e6)));
  }
}
