/**
 * The redis.conf options the node model honours, by their redis.conf names, with Redis 7.0 defaults.
 * Times are in milliseconds except `repl-ping-replica-period` (seconds), as in redis.conf.
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
  /** Not a redis.conf option: bytes per second written to a master (drives replication offsets). */
  'write-rate': number;
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
  'write-rate': 1000,
};

/** redis.conf aliases accepted in scenarios, mapped to the canonical name. */
export const OPTION_ALIASES: Readonly<Record<string, keyof ClusterOptions>> = {
  'cluster-slave-validity-factor': 'cluster-replica-validity-factor',
  'cluster-slave-no-failover': 'cluster-replica-no-failover',
  'repl-ping-slave-period': 'repl-ping-replica-period',
};

export const OPTION_NAMES = Object.keys(DEFAULT_OPTIONS) as (keyof ClusterOptions)[];
