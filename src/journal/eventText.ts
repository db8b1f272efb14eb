import { NodeEventDetails, ReplicaReason } from '../redis/trace';
import { EventDetails, EventName, EventRecord } from './journal';

type Name = (id: string) => string;

/** The detail column of events.csv for each event: one line of text from its typed details. */
const TEXT: { [E in EventName]: (d: EventDetails[E], name: Name) => string } = {
  link_connected: () => 'outbound, reconnected',
  link_closed: () => 'outbound',
  node_added: (d) => `from gossip ${d.address}`,
  handshake_started: (d) => d.address,
  handshake_completed: () => '',
  pfail_set: (d) => `no reply for ${d.no_reply_ms} ms`,
  pfail_cleared: () => 'pong received',
  failure_report_added: (d, name) => `reporter=${name(d.reporter)}`,
  failure_report_removed: (d, name) => `reporter=${name(d.reporter)}`,
  fail_set: (d, name) => ('from' in d ? `FAIL message from ${name(d.from)}` : `quorum ${d.quorum}/${d.needed}`),
  fail_cleared: (d) => (d.nobody_took_slots ? 'reachable again and nobody took its slots' : 'reachable again'),
  fail_broadcast: () => '',
  current_epoch: currentEpochText,
  config_epoch: (d, name) => (d.cause === 'bump' ? 'bumped without consensus' : `collision with ${name(d.with)}`),
  election_scheduled: (d) => `delay ${d.delay_ms} ms, rank ${d.rank}, offset ${d.offset}`,
  election_rank_changed: (d) => `rank ${d.from} -> ${d.to}, delay +${(d.to - d.from) * 1000} ms`,
  election_refused: (d) => `data age ${d.data_age_ms} ms too old`,
  election_started: (d) => ('manual' in d ? 'manual' : `rank ${d.rank}`),
  election_expired: (d) => `votes ${d.votes}/${d.needed}`,
  election_won: (d) => `votes ${d.votes}/${d.needed}`,
  vote_granted: (d) => (d.ack_sent ? '' : 'no link: ack not sent'),
  vote_denied: (d) => d.reason,
  master_replaced: (d, name) => `by ${name(d.by)}, slots ${d.slots}`,
  role_change: roleText,
  slots_changed: (d) => d.slots,
  setslot: (d, name) => `${d.slot} ${d.action.toUpperCase()}${d.node ? ' ' + name(d.node) : ''}`,
  update_sent: (d, name) => `about ${name(d.about)}`,
  update_received: (d) => `slots ${d.slots}`,
  cluster_state: (d) => d.state,
  mf_requested: (d) => d.mode,
  mf_start_sent: () => '',
  mf_master_paused: (d) => `writes paused until +${d.paused_ms} ms`,
  mf_master_offset: (d) => `offset=${d.offset}`,
  mf_can_start: (d) => `offset ${d.offset}`,
  mf_timeout: () => 'manual failover timed out',
  replication_sync: (d) => (d.mode === 'partial' ? `partial resync from offset ${d.offset}` : `full resync, snapshot at offset ${d.offset}`),
  replication_rdb: (d) => `snapshot of ${d.bytes} bytes for ${d.replicas} replica(s)`,
  replication_connected: (d) => `offset ${d.offset}`,
  replication_timeout: (d) => `no data for ${d.no_data_ms} ms`,
  fault: (d) => d.label,
  action: (d) => d.label,
  command_error: (d) => `${d.command}: ${d.error}`,
  reshard_done: (d) => `${d.slots} slots and ${d.keys} keys moved from ${d.from} to ${d.to}`,
  process_state: (d) => d.state,
  fault_ignored: (d) => `${d.label}: the node is ${d.state}, so it did nothing`,
};

function currentEpochText(d: NodeEventDetails['current_epoch'], name: Name): string {
  switch (d.cause) {
    case 'message':
      return `from ${name(d.from)}`;
    case 'election':
      return 'starting an election';
    case 'bump':
      return 'configEpoch bump without consensus';
    case 'collision':
      return `configEpoch collision with ${name(d.with)}`;
  }
}

function roleText(d: NodeEventDetails['role_change'], name: Name): string {
  if (d.role === 'master') return d.myself ? 'became master' : 'now a master (as seen by this node)';
  if (!d.myself) return 'now a replica (as seen by this node)';
  return `replica of ${name(d.master)}: ${reasonText(d.why, name)}`;
}

function reasonText(why: ReplicaReason, name: Name): string {
  if (why.cause === 'migration') return 'replica migration to an orphaned master';
  return why.cause === 'command' ? 'CLUSTER REPLICATE' : `${name(why.by)} took my master's last slots`;
}

/** The detail text of `e`, with node ids shown as `name` gives them. */
export function eventText<E extends EventName>(e: EventRecord<E>, name: Name): string {
  return TEXT[e.event](e.detail, name);
}
