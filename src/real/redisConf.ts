import { ClusterOptions } from '../redis/config';
import { NodeSpec } from '../scenario/types';

/** Options of ClusterOptions that describe the simulated machine, not Redis: a real server has its own. */
const SIM_ONLY: ReadonlySet<keyof ClusterOptions> = new Set(['write-rate', 'config-fsync-ms', 'startup-ms', 'dataset-bytes']);

/**
 * The redis.conf of one real node: the scenario's port on its own loopback address (bound and
 * announced: its bus and replication connections leave from it too), cluster mode
 * with its own nodes.conf, a verbose log to read elections from, no persistence (as the calibration
 * cluster ran), and every redis.conf option the scenario sets, by name.
 */
export function redisConf(node: NodeSpec, address: string, dir: string): string {
  const lines = [
    `port ${node.port}`,
    `bind ${address}`,
    `cluster-announce-ip ${address}`,
    // Without it, connections it opens (bus, replication) leave from 127.0.0.1, where no cut applies.
    `bind-source-addr ${address}`,
    'cluster-enabled yes',
    'cluster-config-file nodes.conf',
    `dir ${dir}`,
    'logfile log',
    'loglevel verbose',
    'appendonly no',
    'save ""',
    'daemonize no',
    'protected-mode no',
  ];
  for (const [name, value] of Object.entries(node.options) as [keyof ClusterOptions, number | boolean][]) {
    if (SIM_ONLY.has(name)) continue;
    lines.push(`${name} ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : value}`);
  }
  return lines.join('\n') + '\n';
}
