/**
 * The redis.conf options the node model honours, by their redis.conf names, with Redis 7.0 defaults.
 * Times are in milliseconds except the `repl-*` ones (seconds), as in redis.conf; sizes in bytes.
 */
export interface ClusterOptions {
  'cluster-node-timeout': number;
  'cluster-replica-validity-factor': number;
  'cluster-migration-barrier': number;
  'cluster-require-full-coverage': boolean;
  'cluster-replica-no-failover': boolean;
  'cluster-allow-replica-migration': boolean;
  'cluster-allow-reads-when-down': boolean;
  'repl-ping-replica-period': number;
  'repl-timeout': number;
  'repl-diskless-sync': boolean;
  'repl-diskless-sync-delay': number;
  'repl-backlog-size': number;
  /** A master refuses writes (NOREPLICAS) while fewer replicas than this acknowledged within min-replicas-max-lag seconds. */
  'min-replicas-to-write': number;
  'min-replicas-max-lag': number;
  /** Not a redis.conf option: the size of a master's dataset, which a full resync transfers and loads. */
  'dataset-bytes': number;
  /** Not a redis.conf option: bytes per second written to a master (drives replication offsets). */
  'write-rate': number;
  /** Not a redis.conf option: how long an fsync of nodes.conf blocks the process (the disk's latency). */
  'config-fsync-ms': number;
  /** Not a redis.conf option: from a restarted process's first log line to its event loop (Ready to accept connections). */
  'startup-ms': number;
}

export const DEFAULT_OPTIONS: Readonly<ClusterOptions> = {
  'cluster-node-timeout': 15000,
  'cluster-replica-validity-factor': 10,
  'cluster-migration-barrier': 1,
  'cluster-require-full-coverage': true,
  'cluster-replica-no-failover': false,
  'cluster-allow-replica-migration': true,
  'cluster-allow-reads-when-down': false,
  'repl-ping-replica-period': 10,
  'repl-timeout': 60,
  'repl-diskless-sync': true,
  'repl-diskless-sync-delay': 5,
  'repl-backlog-size': 1048576,
  'min-replicas-to-write': 0,
  'min-replicas-max-lag': 10,
  'dataset-bytes': 0,
  'write-rate': 1000,
  'config-fsync-ms': 1,
  'startup-ms': 9,
};

/** redis.conf aliases accepted in scenarios, mapped to the canonical name. */
export const OPTION_ALIASES: Readonly<Record<string, keyof ClusterOptions>> = {
  'cluster-slave-validity-factor': 'cluster-replica-validity-factor',
  'cluster-slave-no-failover': 'cluster-replica-no-failover',
  'repl-ping-slave-period': 'repl-ping-replica-period',
  'min-slaves-to-write': 'min-replicas-to-write',
  'min-slaves-max-lag': 'min-replicas-max-lag',
};

export const OPTION_NAMES = Object.keys(DEFAULT_OPTIONS) as (keyof ClusterOptions)[];
