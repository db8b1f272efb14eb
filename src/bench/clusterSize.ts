import { DELAYED_ACK_US } from '../net/tcp';
import { DEFAULT_OPTIONS } from '../redis/config';
import { masterName } from '../scenario/nodes';
import { NETWORK_PROFILES } from '../scenario/profiles';
import { Scenario } from '../scenario/types';
import { splitSlotsLikeRedisCli, SlotSet } from '../redis/slotSet';
import { World } from '../sim/world';

/** A cluster of `nodes` nodes (half masters, half replicas; 6 as 3+3), default options, loopback. */
export function clusterScenario(nodes: number): Scenario {
  const masters = Math.max(1, Math.floor(nodes / 2));
  const slots = splitSlotsLikeRedisCli(masters);
  const specs = Array.from({ length: nodes }, (_, i) => {
    const m = i % masters;
    const replica = i >= masters;
    return { name: replica ? `${masterName(m)}${Math.floor(i / masters)}` : masterName(m), port: 7000 + i, replicaOf: replica ? masterName(m) : null, slots: replica ? SlotSet.EMPTY : slots[m], options: DEFAULT_OPTIONS, configEpoch: i + 1, currentEpoch: nodes };
  });
  return {
    name: `cluster-${nodes}`, file: '-', sha256: '', description: '', seed: 1, durationUs: 0, formation: 'create', start: 'apart', nodes: specs,
    network: { profile: 'loopback', latency: NETWORK_PROFILES.loopback, loss: 0, lossMode: 'tcp', duplicate: 0, bandwidth: 0, delayedAckUs: DELAYED_ACK_US, links: [] },
    schedule: [], workload: null, expectations: [], check: { tolerance: { relative: 0.1, absoluteMs: 100 }, intervals: {} },
  };
}

export interface SizeResult {
  nodes: number;
  formation_wall_s: number;
  virtual_s_per_wall_s: number;
  events_per_s: number;
  messages_per_s: number;
  bus_messages_per_node_per_virtual_s: number;
  peak_rss_mb: number;
}

/** Form the cluster (first `warmupS` virtual seconds), then measure `measureS` virtual seconds of steady state. */
export function measureClusterSize(nodes: number, warmupS: number, measureS: number): SizeResult {
  const world = new World(clusterScenario(nodes), 1);
  let t0 = process.hrtime.bigint();
  world.boot();
  world.sim.run(warmupS * 1e6);
  const formation = Number(process.hrtime.bigint() - t0) / 1e9;
  const e0 = world.sim.eventsProcessed;
  const m0 = busMessages(world);
  t0 = process.hrtime.bigint();
  world.sim.run((warmupS + measureS) * 1e6);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const msgs = busMessages(world) - m0;
  return {
    nodes,
    formation_wall_s: round(formation),
    virtual_s_per_wall_s: round(measureS / wall),
    events_per_s: Math.round((world.sim.eventsProcessed - e0) / wall),
    messages_per_s: Math.round(msgs / wall),
    bus_messages_per_node_per_virtual_s: round(msgs / measureS / nodes),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function busMessages(world: World): number {
  let n = 0;
  for (const [type, c] of world.net.stats.byType) if (type !== 'replication') n += c.sent;
  return n;
}

const round = (x: number): number => Math.round(x * 100) / 100;
