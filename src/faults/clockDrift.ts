import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, list } from './fault';

/** The nodes' clocks run fast or slow by `ppm` parts per million from now on. */
export const clockDrift: FaultKind<{ node: Selectors; ppm: number }, { nodes: string[]; ppm: number }> = {
  key: 'clock-drift',
  schema: { type: 'object', additionalProperties: false, required: ['node', 'ppm'], properties: { node: nodes, ppm: { type: 'number' } } },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => ({ nodes: ctx.nodes(raw.node, 'node'), ppm: raw.ppm }),
  label: (p) => `clock drift ${list(p.nodes)} ${p.ppm} ppm`,
  nodes: (p) => p.nodes,
  apply: (t, p) => p.nodes.forEach((n) => t.setClockDrift(n, p.ppm)),
};
