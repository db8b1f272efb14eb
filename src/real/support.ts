import { FAULT_KEYS } from '../faults/registry';
import { InputError } from '../scenario/errors';
import { ParsedScenario } from '../scenario/load';
import { inFileOrder, Problems } from '../scenario/problems';
import { firewallProblem } from './firewall';
import { MAX_REAL_NODES } from './servers';

/**
 * What a real cluster on this machine can be made to do: process faults by signals, CLUSTER
 * FAILOVER, redis-cli --cluster reshard, and (as root, with iptables) partitions and tcp-mode packet loss as firewall rules
 * between the nodes' addresses. Latency would need tc netem, which the kernels we run on lack
 * (CONFIG_NET_SCH_NETEM unset), drop-mode loss (a message lost without retransmission) is not
 * something TCP does, and clock faults cannot be done to real processes here: a scenario with
 * them is refused up front, naming each event.
 */
const SUPPORTED = new Set(['crash', 'shutdown', 'restart', 'pause', 'resume', 'failover', 'reshard']);
const FIREWALLED = new Set(['partition', 'isolate', 'heal', 'loss']);

const NETEM = 'latency is not driven on a real cluster (it would need tc netem, which these kernels lack)';
const CLOCK = 'a real process cannot have its own clock on this machine';
const WHY: Record<string, string> = { latency: NETEM, 'clock-jump': CLOCK, 'clock-drift': CLOCK };
const DROP_MODE = 'drop-mode loss (a message lost for good) cannot happen on a real TCP connection; use mode: tcp';

export function refuseUnsupported(parsed: ParsedScenario): void {
  const p = new Problems(parsed.doc);
  const firewall = firewallProblem();
  const data = parsed.doc.data as { events?: Record<string, unknown>[]; network?: Record<string, unknown>; workload?: { clients?: unknown[] } };
  const network = data.network ?? {};
  (data.events ?? []).forEach((ev, i) => {
    if (ev === null || typeof ev !== 'object') return;
    for (const key of FAULT_KEYS) {
      if (!(key in ev) || SUPPORTED.has(key)) continue;
      const why = FIREWALLED.has(key) ? firewall : WHY[key] ?? 'not supported on a real cluster';
      if (why) p.add(['events', i, key], `sim real cannot run "${key}": ${why}`, true);
    }
    const loss = ev.loss as { mode?: string } | undefined;
    if ((loss?.mode ?? network['loss-mode']) === 'drop') p.add(['events', i, 'loss'], `sim real cannot run "loss": ${DROP_MODE}`, true);
  });
  if (network.profile !== undefined && network.profile !== 'loopback') p.add(['network', 'profile'], "sim real cannot set network.profile: the real cluster runs on this machine's loopback as it is", true);
  for (const key of ['latency', 'links', 'bandwidth-mbps', 'duplicate']) {
    if (key in network) p.add(['network', key], `sim real cannot set network.${key}: the real cluster runs on this machine's loopback as it is`, true);
  }
  if ('loss' in network && firewall) p.add(['network', 'loss'], `sim real cannot set network.loss: ${firewall}`, true);
  if (network['loss-mode'] === 'drop' && 'loss' in network) p.add(['network', 'loss-mode'], `sim real cannot set network.loss-mode: ${DROP_MODE}`, true);
  (data.workload?.clients ?? []).forEach((c, i) => {
    for (const key of ['latency', 'latency-to']) {
      if (c !== null && typeof c === 'object' && key in c) p.add(['workload', 'clients', i, key], "sim real cannot set a client's latency: its clients run on this machine's loopback", true);
    }
  });
  const nodes = (parsed.doc.data as { cluster?: { nodes?: unknown[]; create?: { masters?: number; replicas?: number } } }).cluster;
  const count = nodes?.nodes?.length ?? (nodes?.create?.masters ?? 0) * (1 + (nodes?.create?.replicas ?? 0));
  if (count > MAX_REAL_NODES) p.add(['cluster'], `sim real runs at most ${MAX_REAL_NODES} nodes here (one loopback address each), found ${count}`, true);
  if (p.list.length > 0) throw new InputError(inFileOrder(p.list));
}
