/**
 * What a node reports as it runs, in Redis's vocabulary: each event's name and its details by name.
 * A detail that names a node holds its node id (40 hex digits); reports show it by its scenario name.
 */
export interface NodeEventDetails {
  link_connected: { reconnected: true };
  link_closed: Empty;
  node_added: { address: string };
  handshake_started: { address: string };
  handshake_completed: Empty;
  pfail_set: { no_reply_ms: number };
  pfail_cleared: Empty;
  failure_report_added: { reporter: string };
  failure_report_removed: { reporter: string };
  /** By my own quorum (votes/needed) or by a FAIL message from `from`. */
  fail_set: { quorum: number; needed: number } | { from: string };
  /** `nobody_took_slots`: a master cleared after 2·NT with its slots still its own. */
  fail_cleared: { nobody_took_slots: boolean };
  fail_broadcast: Empty;
  current_epoch: { cause: 'message'; from: string } | { cause: 'election' | 'bump' } | { cause: 'collision'; with: string };
  config_epoch: { cause: 'bump' } | { cause: 'collision'; with: string };
  election_scheduled: { delay_ms: number; rank: number; offset: number };
  election_rank_changed: { from: number; to: number };
  election_refused: { data_age_ms: number };
  election_started: { manual: true } | { rank: number };
  election_expired: { votes: number; needed: number };
  election_won: { votes: number; needed: number };
  vote_granted: { ack_sent: boolean };
  vote_denied: { reason: string };
  master_replaced: { by: string; slots: string };
  /** Myself or another node (seen by me) became a master or a replica. */
  role_change: { role: 'master'; myself: boolean } | { role: 'replica'; myself: false } | { role: 'replica'; myself: true; master: string; why: ReplicaReason };
  slots_changed: { slots: string };
  /** CLUSTER SETSLOT on myself; `node` names the other end (or the new owner), '' for STABLE. */
  setslot: { slot: number; action: 'importing' | 'migrating' | 'stable' | 'node'; node: string };
  update_sent: { about: string };
  update_received: { slots: string };
  cluster_state: { state: 'ok' | 'fail' };
  mf_requested: { mode: string };
  mf_start_sent: Empty;
  mf_master_paused: { paused_ms: number };
  mf_master_offset: { offset: number };
  mf_can_start: { offset: number };
  mf_timeout: Empty;
  /** The master answered PSYNC: continue from the backlog, or wait for a snapshot. */
  replication_sync: { mode: 'partial' | 'full'; offset: number };
  /** A master starts a snapshot for the replicas waiting for a full resync. */
  replication_rdb: { replicas: number; bytes: number };
  replication_connected: { offset: number };
  replication_timeout: { no_data_ms: number };
}

type Empty = Record<string, never>;

/** Why a node became a replica: a slot update from its new master, a migration, or an operator's setup. */
export type ReplicaReason = { cause: 'slots_taken'; by: string } | { cause: 'migration' } | { cause: 'command' };

export type NodeEventName = keyof NodeEventDetails;

/** One event as the node model emits it. `subject` is the node it is about (a node id). */
export interface NodeEvent<E extends NodeEventName = NodeEventName> {
  event: E;
  subject: string;
  epoch: number | '';
  detail: NodeEventDetails[E];
}

export const NO_DETAIL: Empty = {};
