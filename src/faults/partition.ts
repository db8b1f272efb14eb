import { linkSel, selector } from '../scenario/schemaParts';
import { RawSelector, Selectors } from '../scenario/selectors';
import { CompileContext, cut, FaultKind, list } from './fault';

type Raw = RawSelector[][] | { from: Selectors; to: Selectors; 'one-way'?: boolean };
export interface PartitionParams {
  /** Each group, or [from, to] for a directed cut. */
  groups: string[][];
  oneWay: boolean;
  directed: boolean;
}

/** Cut each group from every other (`[[A, B], [C]]`; unlisted nodes see everyone), or `from` from `to`, optionally one way. */
export const partition: FaultKind<Raw, PartitionParams> = {
  key: 'partition',
  schema: {
    description: 'a list of groups ([[A, B], [C]]) or {from: ..., to: ..., one-way: true}',
    anyOf: [
      { type: 'array', minItems: 1, items: { type: 'array', items: selector, minItems: 1 } },
      { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { ...linkSel, 'one-way': { type: 'boolean' } } },
    ],
  },
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => {
    if (Array.isArray(raw)) return { groups: groupsOf(raw, ctx), oneWay: false, directed: false };
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

/** Groups must be two or more, and disjoint: a node on two sides of a cut means nothing. */
function groupsOf(raw: RawSelector[][], ctx: CompileContext): string[][] {
  const groups = raw.map((g, i) => ctx.nodes(g, i));
  if (groups.length < 2) ctx.problem(`partition: expected two or more groups, found one; unlisted nodes see everyone, so to cut [${list(groups[0])}] from all the others use isolate: [${list(groups[0])}]`);
  const side = new Map<string, number>();
  groups.forEach((g, i) =>
    g.forEach((n) => {
      const other = side.get(n);
      if (other !== undefined && other !== i) ctx.problem(`partition: ${n} is in group ${other + 1} and in group ${i + 1}; a node can be on one side only`, i);
      side.set(n, i);
    }),
  );
  return groups;
}

function cutsOf(p: PartitionParams): { from: string[]; to: string[] }[] {
  return p.groups.flatMap((g, i) => p.groups.slice(i + 1).map((h) => ({ from: g, to: h })));
}
