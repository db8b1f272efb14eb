import { LossMode } from '../net/linkConfig';
import { linkSel, lossMode, probability } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, list, setLinkField } from './fault';


/** Packet loss on the links from `from` to `to` (default all), retransmitted (tcp) or dropped. */
export const loss: FaultKind<{ from?: Selectors; to?: Selectors; rate: number; mode?: LossMode }, { from: string[]; to: string[]; rate: number; mode?: LossMode }> = {
  key: 'loss',
  schema: { type: 'object', additionalProperties: false, required: ['rate'], properties: { ...linkSel, rate: probability, mode: lossMode } },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => ({ from: ctx.nodes(raw.from, 'from'), to: ctx.nodes(raw.to, 'to'), rate: raw.rate, mode: raw.mode }),
  label: (p) => `loss ${p.rate} ${list(p.from)} -> ${list(p.to)}`,
  nodes: (p) => [...new Set([...p.from, ...p.to])],
  apply: (t, p) => setLinkField(t, p.from, p.to, (c) => ({ loss: p.rate, lossMode: p.mode ?? c.lossMode })),
  undo: { label: (p) => `restore loss ${list(p.from)} -> ${list(p.to)}`, nodes: (p) => loss.nodes(p, []) },
};
