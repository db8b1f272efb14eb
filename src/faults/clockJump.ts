import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { parseTime, SIGNED_TIME_PATTERN } from '../scenario/time';
import { FaultKind, list } from './fault';

/** The nodes' wall clocks jump by a signed time (NTP stepping the clock). */
export const clockJump: FaultKind<{ node: Selectors; by: string }, { nodes: string[]; by: string; byUs: number }> = {
  key: 'clock-jump',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['node', 'by'],
    properties: { node: nodes, by: { type: 'string', pattern: SIGNED_TIME_PATTERN, description: 'a signed time (-2s, 500ms)' } },
  },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => ({ nodes: ctx.nodes(raw.node, 'node'), by: raw.by, byUs: parseTime(raw.by) }),
  label: (p) => `clock jump ${list(p.nodes)} by ${p.by}`,
  nodes: (p) => p.nodes,
  apply: (t, p) => p.nodes.forEach((n) => t.jumpClock(n, p.byUs)),
};
