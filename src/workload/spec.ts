import { Micros } from '../engine/time';
import { LatencyModel } from '../net/latency';
import { WriteCommand } from '../redis/dataset';
import { SlotSet } from '../redis/slotSet';

/** The `workload:` section, compiled: the clients and what each does. */
export interface WorkloadSpec {
  clients: ClientSpec[];
}

export interface ClientSpec {
  name: string;
  /** The node it stands beside in partitions (cut where that node is cut), or null: no partition cuts it. */
  near: string | null;
  /** One-way latency between the client and every node, or the node named in `latencyTo`. */
  latency: LatencyModel;
  latencyTo: Record<string, LatencyModel>;
  /** When it starts issuing commands (null: when the cluster first forms) and when it stops. */
  fromUs: Micros | null;
  untilUs: Micros;
  /** Operations per second. */
  writes: number;
  reads: number;
  arrival: 'fixed' | 'poisson';
  keys: KeySpace;
  command: WriteCommand;
  /** WAIT numreplicas timeout after every write, or null. */
  wait: { replicas: number; timeoutMs: number } | null;
  policy: ClientPolicy;
}

/** `count` keys, spread over `slots` by hash tags (null: plain keys, wherever they hash). */
export interface KeySpace {
  count: number;
  slots: SlotSet | null;
}

/** Where ioredis sends read-only commands: the slot's master, one of its replicas (if any), or any of them. */
export type ScaleReads = 'master' | 'slave' | 'all';

/**
 * How a cluster-aware client routes commands and reacts to errors and silence: ioredis's Cluster
 * options by their own names, times in milliseconds, with its defaults (ioredis 6:
 * DEFAULT_CLUSTER_OPTIONS, and the Redis options commandTimeout and connectTimeout). 0 for
 * commandTimeout means none, as in ioredis.
 */
export interface ClientPolicy {
  scaleReads: ScaleReads;
  maxRedirections: number;
  retryDelayOnMoved: number;
  retryDelayOnFailover: number;
  retryDelayOnClusterDown: number;
  retryDelayOnTryAgain: number;
  slotsRefreshTimeout: number;
  /** Periodic slot-map refresh; 0: none (ioredis 5's default). */
  slotsRefreshInterval: number;
  commandTimeout: number;
  connectTimeout: number;
}

export const IOREDIS_DEFAULTS: Readonly<ClientPolicy> = {
  scaleReads: 'master',
  maxRedirections: 16,
  retryDelayOnMoved: 0,
  retryDelayOnFailover: 100,
  retryDelayOnClusterDown: 100,
  retryDelayOnTryAgain: 100,
  slotsRefreshTimeout: 1000,
  slotsRefreshInterval: 0,
  commandTimeout: 0,
  connectTimeout: 10000,
};

/** How a client reads its keys: a list by its length (GET of a list is a WRONGTYPE error), an MSET's pair by MGET, anything else by GET. */
export function readCommand(command: WriteCommand): 'GET' | 'LLEN' | 'MGET' {
  return command === 'rpush' ? 'LLEN' : command === 'mset' ? 'MGET' : 'GET';
}

/** The options that are times or counts. */
export const NUMERIC_POLICY_NAMES = (Object.keys(IOREDIS_DEFAULTS) as (keyof ClientPolicy)[]).filter((n) => typeof IOREDIS_DEFAULTS[n] === 'number');
