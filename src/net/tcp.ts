import { RandomStream } from '../engine/random';

/** TCP's timers as Linux has them: retransmission back-off, SYN retries, and when it gives up. */

export const TCP_RTO_INITIAL_US = 200_000;
export const TCP_RTO_MAX_US = 120_000_000;
/** Linux's tcp_retries2: retransmissions of a segment before the connection is given up. */
export const TCP_RETRIES = 15;
/** How long Linux retransmits before it gives up (the sum of the 16 timeouts from 200 ms): 924.6 s. */
export const TCP_GIVE_UP_US = 924_600_000;
/**
 * What a socket's send buffer holds (Linux's tcp_wmem default, 16384 here): when its process dies
 * the kernel still delivers that much of what it had written; the rest was in the process's own
 * buffers and is gone.
 */
export const TCP_SEND_BUFFER_BYTES = 16_384;
/** Linux gives up a connect after 6 SYN retries: 1+2+4+8+16+32+64 s. */
export const TCP_SYN_RETRY_INITIAL_US = 1_000_000;
export const TCP_SYN_GIVE_UP_US = 127_000_000;
/**
 * How long a Linux receiver delays its ACK: TCP_DELACK_MIN (40 ms), which applies whenever the round
 * trip is shorter, plus the timer's lateness. Measured on the calibration machine: a manual
 * failover's vote requests are ACKed 41.8 to 41.9 ms after they were sent, on all five links
 * (tcpdump on lo); a Nagle-held second segment on a loopback socket waits 41.1 to 42.7 ms.
 */
export const DELAYED_ACK_US = 41_800;

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

/**
 * Delay added by TCP retransmissions of a segment lost once or more (200 ms, doubling), or -1 when
 * the segment and all its TCP_RETRIES retransmissions are lost.
 */
export function lossDelay(loss: number, rng: RandomStream): number {
  let delay = 0;
  let rto = TCP_RTO_INITIAL_US;
  for (let lost = 0; rng.chance(loss); lost++) {
    if (lost === TCP_RETRIES) return -1;
    delay += rto;
    rto = Math.min(rto * 2, TCP_RTO_MAX_US);
  }
  return delay;
}
