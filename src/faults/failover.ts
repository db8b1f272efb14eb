import { FailoverMode } from '../redis/manualFailover';
import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, list } from './fault';

/** The operator's CLUSTER FAILOVER [FORCE|TAKEOVER] on each named replica. */
export const failover: FaultKind<Selectors, { nodes: string[]; mode: FailoverMode }> = {
  key: 'failover',
  schema: nodes,
  options: { mode: { enum: ['default', 'force', 'takeover'] } },
  category: 'action',
  cause: true,
  compile: (raw, ctx) => ({ nodes: ctx.nodes(raw), mode: (ctx.event.mode as FailoverMode | undefined) ?? 'default' }),
  label: (p) => `CLUSTER FAILOVER${p.mode === 'default' ? '' : ' ' + p.mode.toUpperCase()} on ${list(p.nodes)}`,
  nodes: (p) => p.nodes,
  apply: (t, p) => {
    for (const n of p.nodes) {
      const err = t.clusterFailover(n, p.mode);
      if (err) t.commandError(n, 'CLUSTER FAILOVER', err);
    }
  },
};
