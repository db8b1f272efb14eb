import { nodeName } from '../scenario/schemaParts';
import { FaultKind } from './fault';

export interface RawReshard {
  from: string;
  to: string;
  slots: number;
  pipeline?: number;
}

/** redis-cli's default --cluster-pipeline: keys per GETKEYSINSLOT and MIGRATE. */
const DEFAULT_PIPELINE = 10;

/** `redis-cli --cluster reshard`: move the lowest `slots` slots of master `from` to master `to`, keys and all. */
export const reshard: FaultKind<RawReshard, { from: string; to: string; slots: number; pipeline: number }> = {
  key: 'reshard',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to', 'slots'],
    properties: {
      from: nodeName,
      to: nodeName,
      slots: { type: 'integer', minimum: 1, maximum: 16384, description: 'how many slots (the source\'s lowest)' },
      pipeline: { type: 'integer', minimum: 1, maximum: 100000, description: 'keys per MIGRATE (redis-cli --cluster-pipeline)' },
    },
  },
  category: 'action',
  cause: false,
  compile: (raw, ctx) => {
    const [from] = ctx.nodes(raw.from, 'from');
    const [to] = ctx.nodes(raw.to, 'to');
    if (from !== undefined && from === to) ctx.problem(`reshard.to: expected a node other than the source, found "${to}"`, 'to');
    return { from, to, slots: raw.slots, pipeline: raw.pipeline ?? DEFAULT_PIPELINE };
  },
  label: (p) => `reshard ${p.slots} slots ${p.from} -> ${p.to}`,
  nodes: (p) => [p.from, p.to],
  apply: (t, p) => t.reshard(p.from, p.to, p.slots, p.pipeline),
};
