import { nodes } from '../scenario/schemaParts';
import { FaultKind, FaultTarget, list } from './fault';
import { RawSelector } from '../scenario/selectors';

type Sel = RawSelector | RawSelector[];

/** A fault on processes named by a selector (`crash: C`): what is done to each node, and whether it may cause a failover. */
export function processFault(key: string, cause: boolean, act: (t: FaultTarget, node: string) => void): FaultKind<Sel, string[]> {
  return {
    key,
    schema: nodes,
    category: 'fault',
    cause,
    compile: (raw, ctx) => ctx.nodes(raw),
    label: (n) => `${key} ${list(n)}`,
    nodes: (n) => n,
    apply: (t, n) => n.forEach((node) => act(t, node)),
  };
}
