import { RandomStream } from '../engine/random';
import { NODE_ID_LENGTH } from '../redis/constants';
import { NodeSpec } from '../scenario/types';

/**
 * The state a cluster starts from: what `redis-cli --cluster create` leaves behind, written as each
 * node's nodes.conf. Every node knows every other, masters own their slots, and config epochs are
 * 1..N in node order (redis-cli's set-config-epoch), so currentEpoch is N everywhere, unless the
 * scenario sets them. Each file lists a replica with its master's configEpoch, as Redis writes it,
 * except the replica's own line, which keeps the epoch redis-cli gave it.
 */

/** Node ids: 40 hex characters from a stream derived per node, so they depend on the seed only. */
export function nodeIds(nodes: NodeSpec[], seed: number): string[] {
  return nodes.map((n) => RandomStream.derive(seed, `node/${n.name}/id`).hex(NODE_ID_LENGTH));
}

/**
 * Before CLUSTER MEET (formation: meet) a node knows only itself: a master with the slots it was
 * given (Redis's tests add slots first), replicas empty masters for now, every epoch 0.
 */
export function aloneNodesConf(nodes: NodeSpec[], ids: string[], me: number): string {
  const n = nodes[me];
  const slots = n.replicaOf || n.slots.isEmpty ? '' : ` ${n.slots.key}`;
  return `${ids[me]} 127.0.0.1:${n.port}@${n.port + 10000} myself,master - 0 0 0 connected${slots}\nvars currentEpoch 0 lastVoteEpoch 0\n`;
}

export function initialNodesConf(nodes: NodeSpec[], ids: string[], me: number): string {
  const idOf = new Map(nodes.map((n, i) => [n.name, ids[i]]));
  const epochOf = new Map(nodes.map((n) => [n.name, n.configEpoch]));
  const lines = nodes.map((n, i) => {
    const role = n.replicaOf ? 'slave' : 'master';
    const flags = i === me ? `myself,${role}` : role;
    const master = n.replicaOf ? (idOf.get(n.replicaOf) as string) : '-';
    const times = i === me ? '0 0' : '0 1';
    const slots = n.slots.isEmpty ? '' : ` ${n.slots.key}`;
    const epoch = n.replicaOf && i !== me ? (epochOf.get(n.replicaOf) as number) : n.configEpoch;
    return `${ids[i]} 127.0.0.1:${n.port}@${n.port + 10000} ${flags} ${master} ${times} ${epoch} connected${slots}`;
  });
  lines.push(`vars currentEpoch ${nodes[me].currentEpoch} lastVoteEpoch 0`);
  return lines.join('\n') + '\n';
}
