import { FAULT_KEYS } from '../faults/registry';
import { InputError } from '../scenario/errors';
import { ParsedScenario } from '../scenario/load';
import { Problems } from '../scenario/problems';

/**
 * What a real cluster on this machine can be made to do: process faults by signals, and CLUSTER
 * FAILOVER. Network faults need per-node loopback addresses and a firewall, and clock faults cannot
 * be done to real processes here; a scenario with them is refused up front, naming each event.
 */
const SUPPORTED = new Set(['crash', 'shutdown', 'restart', 'pause', 'resume', 'failover']);

const FIREWALL = 'network faults are not driven on a real cluster yet (they need a firewall chain of our own)';
const NETEM = 'link loss and latency are not driven on a real cluster yet (they need tc netem)';
const CLOCK = 'a real process cannot have its own clock on this machine';
const WHY: Record<string, string> = { partition: FIREWALL, isolate: FIREWALL, heal: FIREWALL, loss: NETEM, latency: NETEM, 'clock-jump': CLOCK, 'clock-drift': CLOCK };

export function refuseUnsupported(parsed: ParsedScenario): void {
  const p = new Problems(parsed.doc);
  const data = parsed.doc.data as { events?: unknown[]; network?: Record<string, unknown>; workload?: { clients?: unknown[] } };
  (data.events ?? []).forEach((ev, i) => {
    if (ev === null || typeof ev !== 'object') return;
    for (const key of FAULT_KEYS) {
      if (key in ev && !SUPPORTED.has(key)) p.add(['events', i, key], `sim real cannot run "${key}": ${WHY[key] ?? 'not supported on a real cluster'}`, true);
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
  if (p.list.length > 0) throw new InputError(p.list);
}
