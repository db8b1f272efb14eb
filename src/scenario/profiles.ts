import { LatencyModel } from '../net/latency';

/**
 * Named network profiles. `loopback` is what the calibration cluster ran on (six processes on
 * 127.0.0.1): about 50 microseconds one way. `datacenter` is one rack-to-rack hop; `cross-zone` spans
 * availability zones of one region.
 */
export const NETWORK_PROFILES: Record<string, LatencyModel> = {
  loopback: { base: 40, jitter: { kind: 'lognormal', median: 10, sigma: 0.5 } },
  datacenter: { base: 200, jitter: { kind: 'lognormal', median: 50, sigma: 0.8 } },
  'cross-zone': { base: 800, jitter: { kind: 'lognormal', median: 200, sigma: 0.8 } },
};
