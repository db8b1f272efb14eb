import { ConnHandle } from './env';

/**
 * Replication as the cluster logic sees it: the replication offset (master_repl_offset on a master,
 * the processed offset on a replica), the link to the master, and when data last arrived.
 */
export interface ReplicationState {
  offset: number;
  /** Replica: connection to the master's client port; null when none is open. */
  masterConn: ConnHandle | null;
  masterConnected: boolean;
  lastInteraction: number;
  downSince: number;
  /** Master: open streams to replicas. */
  replicaConns: Set<ConnHandle>;
  lastWriteTick: number;
  lastStreamSent: number;
  /** Master: writes are paused until this time (manual failover). */
  writesPausedUntil: number;
}

export function newReplicationState(): ReplicationState {
  return {
    offset: 0,
    masterConn: null,
    masterConnected: false,
    lastInteraction: 0,
    downSince: 0,
    replicaConns: new Set(),
    lastWriteTick: 0,
    lastStreamSent: 0,
    writesPausedUntil: 0,
  };
}
