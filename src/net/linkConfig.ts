import { LatencyModel } from './latency';

/**
 * How a lost packet behaves. `tcp`: it is retransmitted (first retry after 200 ms, doubling),
 * holding back everything behind it on the connection. `drop`: it vanishes, and may be duplicated.
 */
export type LossMode = 'tcp' | 'drop';

/** Properties of one direction of the path between two hosts. */
export interface LinkConfig {
  latency: LatencyModel;
  loss: number;
  lossMode: LossMode;
  /** Probability that a message is delivered twice (drop mode only). */
  duplicate: number;
}

export const TCP_RTO_INITIAL_US = 200_000;
export const TCP_RTO_MAX_US = 120_000_000;
/** Linux's tcp_retries2: retransmissions of a segment before the connection is given up. */
export const TCP_RETRIES = 15;
/** How long Linux retransmits before it gives up (the sum of the 16 timeouts from 200 ms): 924.6 s. */
export const TCP_GIVE_UP_US = 924_600_000;
/** Linux gives up a connect after 6 SYN retries: 1+2+4+8+16+32+64 s. */
export const TCP_SYN_RETRY_INITIAL_US = 1_000_000;
export const TCP_SYN_GIVE_UP_US = 127_000_000;

/** The first retransmission instant at or after `now` of a segment first sent at `since`. */
export function nextRetransmission(since: number, now: number, initial: number, cap: number): number {
  let t = since + initial;
  let rto = initial;
  while (t < now) {
    rto = Math.min(rto * 2, cap);
    t += rto;
  }
  return t;
}
