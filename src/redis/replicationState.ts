import { Backlog } from './backlog';
import { ConnHandle } from './env';
import { ReplicationMessage } from './messages';

/**
 * Replication as the cluster logic sees it: the replication ID and offset (master_replid and
 * master_repl_offset on a master, the processed offset on a replica), the previous ID a promoted
 * replica still answers PSYNC for (replid2, second_replid_offset), how far back the backlog reaches,
 * the replica's link to its master and where its sync stands, and when data last arrived.
 */
export interface ReplicationState {
  replid: string;
  offset: number;
  replid2: string;
  /** The first offset not covered by replid2; -1 when there is no replid2. */
  secondReplidOffset: number;
  /** The offset the backlog's history starts at (it also holds at most repl-backlog-size bytes). */
  backlogFrom: number;
  /** Replica: connection to the master's client port; null when none is open. */
  masterConn: ConnHandle | null;
  /** Replica: where the sync with the master stands (the link is up only when 'connected'). */
  sync: 'none' | 'handshake' | 'waiting-rdb' | 'loading' | 'connected';
  /** Replica: what the master streamed while the snapshot loaded, unread in the socket until the load ends. */
  unreadStream: ReplicationMessage[];
  masterConnected: boolean;
  lastInteraction: number;
  downSince: number;
  /** Master: replicas online (receiving the stream), and those waiting for a full resync to start (since when). */
  replicaConns: Set<ConnHandle>;
  waitingBgsave: Map<ConnHandle, number>;
  lastWriteTick: number;
  lastStreamSent: number;
  /** Master: writes are paused until this time (manual failover). */
  writesPausedUntil: number;
  /** How many replication IDs this node has made (they are named after it, so no random draw is needed). */
  idsMade: number;
  /** The writes in the backlog's span (a replica keeps one too, for when it is promoted). */
  backlog: Backlog;
  /** Master: when each online replica last acknowledged (REPLCONF ACK), and the offset it acknowledged. */
  ackTime: Map<ConnHandle, number>;
  ackOffset: Map<ConnHandle, number>;
  /** Master: replicas online that acknowledged within min-replicas-max-lag (refreshGoodSlavesCount). */
  goodReplicas: number;
}

export function newReplicationState(replid: string): ReplicationState {
  return {
    replid,
    offset: 0,
    replid2: '',
    secondReplidOffset: -1,
    backlogFrom: 0,
    masterConn: null,
    sync: 'none',
    unreadStream: [],
    masterConnected: false,
    lastInteraction: 0,
    downSince: 0,
    replicaConns: new Set(),
    waitingBgsave: new Map(),
    lastWriteTick: 0,
    lastStreamSent: 0,
    writesPausedUntil: 0,
    idsMade: 0,
    backlog: new Backlog(),
    ackTime: new Map(),
    ackOffset: new Map(),
    goodReplicas: 0,
  };
}
