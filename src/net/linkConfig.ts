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
