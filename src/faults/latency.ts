import { LatencyModel } from '../net/latency';
import { parseLatency, RawLatency } from '../scenario/network';
import { jitter, linkSel, time } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, list, setLinkField } from './fault';


/** Another latency model on the links from `from` to `to` (default all); unset parts keep the scenario's. */
export const latency: FaultKind<RawLatency & { from?: Selectors; to?: Selectors }, { from: string[]; to: string[]; latency: LatencyModel }> = {
  key: 'latency',
  schema: { type: 'object', additionalProperties: false, properties: { ...linkSel, base: time, jitter } },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => ({ from: ctx.nodes(raw.from, 'from'), to: ctx.nodes(raw.to, 'to'), latency: parseLatency(raw, ctx.network.latency) }),
  label: (p) => `latency ${list(p.from)} -> ${list(p.to)}`,
  nodes: (p) => [...new Set([...p.from, ...p.to])],
  apply: (t, p) => setLinkField(t, p.from, p.to, () => ({ latency: p.latency })),
  undo: { label: (p) => `restore latency ${list(p.from)} -> ${list(p.to)}`, nodes: (p) => latency.nodes(p, []) },
};
