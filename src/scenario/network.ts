import { Jitter, LatencyModel } from '../net/latency';
import { LossMode } from '../net/linkConfig';
import { DELAYED_ACK_US } from '../net/tcp';
import { Problems } from './problems';
import { NETWORK_PROFILES } from './profiles';
import { SelectorResolver, Selectors } from './selectors';
import { parseTime } from './time';
import { NetworkSpec } from './types';
import { suggest } from './errors';

/** The `network:` section: a profile, then base latency, jitter, loss, bandwidth, and per-link overrides. */

export interface RawJitter { kind: Jitter['kind']; max?: string; stddev?: string; median?: string; sigma?: number }
export interface RawLatency { base?: string; jitter?: RawJitter }
export interface RawNetwork {
  profile?: string;
  latency?: RawLatency;
  loss?: number;
  'loss-mode'?: LossMode;
  duplicate?: number;
  'bandwidth-mbps'?: number;
  'delayed-ack'?: string;
  links?: { from: Selectors; to: Selectors; latency?: RawLatency; loss?: number; 'loss-mode'?: LossMode }[];
}

export function parseLatency(raw: RawLatency, base: LatencyModel): LatencyModel {
  return { base: raw.base ? parseTime(raw.base) : base.base, jitter: raw.jitter ? parseJitter(raw.jitter) : base.jitter };
}

function parseJitter(j: RawJitter): Jitter {
  const t = (s: string | undefined): number => (s ? parseTime(s) : 0);
  switch (j.kind) {
    case 'constant':
      return { kind: 'constant' };
    case 'uniform':
      return { kind: 'uniform', max: t(j.max) };
    case 'normal':
      return { kind: 'normal', stddev: t(j.stddev) };
    case 'lognormal':
      return { kind: 'lognormal', median: t(j.median), sigma: j.sigma ?? 0.5 };
  }
}

export function compileNetwork(raw: RawNetwork, sel: SelectorResolver, p: Problems): NetworkSpec {
  const profileName = raw.profile ?? 'loopback';
  let profile = NETWORK_PROFILES[profileName];
  if (!profile) {
    const known = Object.keys(NETWORK_PROFILES);
    const hint = suggest(profileName, known);
    p.add(['network', 'profile'], `network.profile: unknown profile "${profileName}": ${hint ? `did you mean "${hint}"?` : `expected one of ${known.join(', ')}`}`);
    profile = NETWORK_PROFILES.loopback;
  }
  const latency = parseLatency(raw.latency ?? {}, profile);
  return {
    profile: profileName,
    latency,
    loss: raw.loss ?? 0,
    lossMode: raw['loss-mode'] ?? 'tcp',
    duplicate: raw.duplicate ?? 0,
    bandwidth: (raw['bandwidth-mbps'] ?? 0) * 125_000,
    delayedAckUs: raw['delayed-ack'] === undefined ? DELAYED_ACK_US : parseTime(raw['delayed-ack']),
    links: (raw.links ?? []).map((l, i) => ({
      from: sel.resolve(l.from, ['network', 'links', i, 'from']),
      to: sel.resolve(l.to, ['network', 'links', i, 'to']),
      latency: l.latency ? parseLatency(l.latency, latency) : undefined,
      loss: l.loss,
      lossMode: l['loss-mode'],
    })),
  };
}
