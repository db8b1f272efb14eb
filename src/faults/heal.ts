import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, list, pairs } from './fault';

/** Let packets through again between the named nodes (or all) and everyone, both ways. */
export const heal: FaultKind<Selectors, string[] | 'all'> = {
  key: 'heal',
  schema: nodes,
  category: 'fault',
  cause: false,
  compile: (raw, ctx) => (raw === 'all' ? 'all' : ctx.nodes(raw)),
  label: (n) => `heal ${n === 'all' ? 'all' : list(n)}`,
  nodes: (n, all) => (n === 'all' ? [...all] : n),
  apply: (t, n) => {
    const all = heal.nodes(n, t.nodeNames);
    pairs(n === 'all' ? all : n, all, (a, b) => {
      t.unblock(a, b);
      t.unblock(b, a);
    });
  },
};
