import { Micros } from '../engine/time';
import { Fault } from '../faults/registry';
import { LatencyModel } from '../net/latency';
import { LossMode } from '../net/linkConfig';
import { ClusterOptions } from '../redis/config';
import { SlotSet } from '../redis/slotSet';
import { WorkloadSpec } from '../workload/spec';

/** A validated scenario, ready to run: every time in microseconds, every node name resolved. */
export interface Scenario {
  name: string;
  file: string;
  /** SHA-256 of the file's text: with the tool's version, it names what produced a result. */
  sha256: string;
  description: string;
  seed: number;
  durationUs: Micros;
  /** How the cluster is made: as `redis-cli --cluster create` leaves it, or by CLUSTER MEET and REPLICATE at time 0. */
  formation: 'create' | 'meet';
  /** How the processes were started: each at its own moment, or all at once by one script (their crons then tick together). */
  start: 'apart' | 'together';
  nodes: NodeSpec[];
  network: NetworkSpec;
  schedule: ScheduledAction[];
  /** The clients, or null: a run without them models the cluster alone. */
  workload: WorkloadSpec | null;
  expectations: Expectation[];
  check: CheckSpec;
}

export interface NodeSpec {
  name: string;
  port: number;
  replicaOf: string | null;
  slots: SlotSet;
  options: ClusterOptions;
  /** Its configEpoch at the start (redis-cli's set-config-epoch: 1..N in node order unless the scenario says). */
  configEpoch: number;
  /** Its currentEpoch at the start; by default the greatest configEpoch. */
  currentEpoch: number;
}

export interface LinkOverride {
  from: string[];
  to: string[];
  latency?: LatencyModel;
  loss?: number;
  lossMode?: LossMode;
}

export interface NetworkSpec {
  profile: string;
  latency: LatencyModel;
  loss: number;
  lossMode: LossMode;
  duplicate: number;
  /** Egress bytes per second per node; 0 is unlimited. */
  bandwidth: number;
  /** The receivers' delayed-ACK timeout on sockets without TCP_NODELAY (0: every message is acknowledged at once). */
  delayedAckUs: number;
  links: LinkOverride[];
}

/** One occurrence of a fault at its time, or its undo (`for:`), which undoes that same occurrence. */
export interface ScheduledAction {
  atUs: Micros;
  fault: Fault;
  /** Numbers the occurrences of the schedule: an undo names the one it undoes. */
  occurrence: number;
  undo: boolean;
}

export type Expectation =
  | { kind: 'failover'; failed: string | null; promoted: string | null; withinUs: Micros; text: string }
  | { kind: 'no-failover'; beforeUs: Micros; text: string }
  | { kind: 'no-fail'; text: string }
  | { kind: 'role'; node: string; role: 'master' | 'replica'; replicaOf: string | null; byUs: Micros; text: string }
  | { kind: 'cluster-state'; state: 'ok' | 'fail'; nodes: string[] | 'live'; byUs: Micros; text: string }
  | { kind: 'slots-agree'; text: string }
  | { kind: 'replicas'; node: string; atLeast: number; byUs: Micros; text: string }
  | { kind: 'fail-flag'; node: string; set: boolean; byUs: Micros; text: string }
  /** Workload expectations: `master` names a slot range (that master's slots at the start), null for all. */
  | { kind: 'lost-writes' | 'stale-reads'; scope: SlotScope; atMost: number; text: string }
  | { kind: 'unavailable'; scope: SlotScope; atMostUs: Micros; text: string }
  | { kind: 'writes-succeed'; scope: SlotScope; byUs: Micros; text: string };

/** The slots a workload expectation judges: a master's at the start (`of`), given slots, or (both null) all. */
export interface SlotScope {
  of: string | null;
  slots: SlotSet | null;
}

/** Tolerances for `sim check`: relative (fraction) and absolute (ms); a change passes if within either. */
export interface Tolerance {
  relative: number;
  absoluteMs: number;
}

export interface CheckSpec {
  tolerance: Tolerance;
  intervals: Record<string, Tolerance>;
}

