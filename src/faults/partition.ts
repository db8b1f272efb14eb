import { linkSel, selector } from '../scenario/schemaParts';
import { RawSelector } from '../scenario/selectors';
import { cut, FaultKind, list } from './fault';

type Sel = RawSelector | RawSelector[];
type Raw = RawSelector[][] | { from: Sel; to: Sel; 'one-way'?: boolean };
interface Params {
  /** Each group, or [from, to] for a directed cut. */
  groups: string[][];
  oneWay: boolean;
  directed: boolean;
}

/** Cut each group from every other (`[[A, B], [C]]`; unlisted nodes see everyone), or `from` from `to`, optionally one way. */
export const partition: FaultKind<Raw, Params> = {
  key: 'partition',
  schema: {
    description: 'a list of groups ([[A, B], [C]]) or {from: ..., to: ..., one-way: true}',
    anyOf: [
      { type: 'array', minItems: 2, items: { type: 'array', items: selector, minItems: 1 } },
      { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { ...linkSel, 'one-way': { type: 'boolean' } } },
    ],
  },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => {
    if (Array.isArray(raw)) return { groups: raw.map((g, i) => ctx.nodes(g, i)), oneWay: false, directed: false };
    return { groups: [ctx.nodes(raw.from, 'from'), ctx.nodes(raw.to, 'to')], oneWay: raw['one-way'] ?? false, directed: true };
  },
  label: (p) => {
    if (!p.directed) return `partition ${p.groups.map((g) => `[${list(g)}]`).join(' | ')}`;
    return `partition ${list(p.groups[0])} ${p.oneWay ? '-/->' : '<-/->'} ${list(p.groups[1])}`;
  },
  nodes: (p) => [...new Set(p.groups.flat())],
  apply: (t, p) => cut(t, cutsOf(p), p.oneWay, p.groups.flat()),
  undo: { label: (p) => `heal ${list(p.groups.flat())}`, nodes: (p) => p.groups.flat() },
};

function cutsOf(p: Params): { from: string[]; to: string[] }[] {
  return p.groups.flatMap((g, i) => p.groups.slice(i + 1).map((h) => ({ from: g, to: h })));
}
