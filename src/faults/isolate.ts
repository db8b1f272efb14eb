import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { cut, FaultKind, list } from './fault';

/** Cut the named nodes from every other node, both ways. */
export const isolate: FaultKind<Selectors, { nodes: string[]; rest: string[] }> = {
  key: 'isolate',
  schema: nodes,
  category: 'fault',
  cause: true,
  compile: (raw, ctx) => {
    const n = ctx.nodes(raw);
    return { nodes: n, rest: ctx.all.filter((x) => !n.includes(x)) };
  },
  label: (p) => `isolate ${list(p.nodes)}`,
  nodes: (p) => [...new Set([...p.nodes, ...p.rest])],
  apply: (t, p) => cut(t, [{ from: p.nodes, to: p.rest }], false, p.nodes),
  undo: { label: (p) => `heal ${list(p.nodes)}`, nodes: (p) => p.nodes },
};
