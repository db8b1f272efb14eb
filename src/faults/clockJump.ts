import { nodes } from '../scenario/schemaParts';
import { RawSelector } from '../scenario/selectors';
import { parseTime } from '../scenario/time';
import { FaultKind, list } from './fault';

/** The nodes' wall clocks jump by a signed time (NTP stepping the clock). */
export const clockJump: FaultKind<{ node: RawSelector | RawSelector[]; by: string }, { nodes: string[]; by: string; byUs: number }> = {
  key: 'clock-jump',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['node', 'by'],
    properties: { node: nodes, by: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?(us|ms|s|m)$', description: 'a signed time (-2s, 500ms)' } },
  },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => {
    const neg = raw.by.startsWith('-');
    return { nodes: ctx.nodes(raw.node, 'node'), by: raw.by, byUs: (neg ? -1 : 1) * parseTime(neg ? raw.by.slice(1) : raw.by) };
  },
  label: (p) => `clock jump ${list(p.nodes)} by ${p.by}`,
  nodes: (p) => p.nodes,
  apply: (t, p) => p.nodes.forEach((n) => t.jumpClock(n, p.byUs)),
};
