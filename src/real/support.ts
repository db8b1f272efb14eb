import { FAULT_KEYS } from '../faults/registry';
import { InputError } from '../scenario/errors';
import { ParsedScenario } from '../scenario/load';
import { Problems } from '../scenario/problems';
import { firewallProblem } from './firewall';
import { MAX_REAL_NODES } from './servers';

/**
 * What a real cluster on this machine can be made to do: process faults by signals, CLUSTER
 * FAILOVER, and (as root, with iptables) partitions as firewall rules between the nodes' addresses.
 * Link loss and latency need netem, not done yet, and clock faults cannot be done to real processes
 * here; a scenario with them is refused up front, naming each event.
 */
const SUPPORTED = new Set(['crash', 'shutdown', 'restart', 'pause', 'resume', 'failover']);
const FIREWALLED = new Set(['partition', 'isolate', 'heal']);

const NETEM = 'link loss and latency are not driven on a real cluster yet (they need tc netem)';
const CLOCK = 'a real process cannot have its own clock on this machine';
const WHY: Record<string, string> = { loss: NETEM, latency: NETEM, 'clock-jump': CLOCK, 'clock-drift': CLOCK };

export function refuseUnsupported(parsed: ParsedScenario): void {
  const p = new Problems(parsed.doc);
  const firewall = firewallProblem();
  const data = parsed.doc.data as { events?: unknown[]; network?: Record<string, unknown>; workload?: { clients?: unknown[] } };
  (data.events ?? []).forEach((ev, i) => {
    if (ev === null || typeof ev !== 'object') return;
    for (const key of FAULT_KEYS) {
      if (!(key in ev) || SUPPORTED.has(key) || (FIREWALLED.has(key) && !firewall)) continue;
      p.add(['events', i, key], `sim real cannot run "${key}": ${FIREWALLED.has(key) ? firewall : WHY[key] ?? 'not supported on a real cluster'}`, true);
    }
  });
  for (const key of ['loss', 'latency', 'links', 'bandwidth-mbps', 'duplicate']) {
    if (data.network && key in data.network) p.add(['network', key], `sim real cannot set network.${key}: the real cluster runs on this machine's loopback as it is`, true);
  }
  (data.workload?.clients ?? []).forEach((c, i) => {
    for (const key of ['latency', 'latency-to']) {
      if (c !== null && typeof c === 'object' && key in c) p.add(['workload', 'clients', i, key], "sim real cannot set a client's latency: its clients run on this machine's loopback", true);
    }
  });
  const nodes = (parsed.doc.data as { cluster?: { nodes?: unknown[]; create?: { masters?: number; replicas?: number } } }).cluster;
  const count = nodes?.nodes?.length ?? (nodes?.create?.masters ?? 0) * (1 + (nodes?.create?.replicas ?? 0));
  if (count > MAX_REAL_NODES) p.add(['cluster'], `sim real runs at most ${MAX_REAL_NODES} nodes here (one loopback address each), found ${count}`, true);
  if (p.list.length > 0) throw new InputError(p.list);
}
