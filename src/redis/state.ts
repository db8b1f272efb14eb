/** Flags for work deferred to beforeSleep (CLUSTER_TODO_*); config saves are implicit, see persistence. */
export interface Todo {
  handleFailover: boolean;
  updateState: boolean;
  handleManualFailover: boolean;
  /** Save nodes.conf with fsync in beforeSleep (CLUSTER_TODO_SAVE_CONFIG|CLUSTER_TODO_FSYNC_CONFIG). */
  fsyncConfig: boolean;
  /**
   * Save it without fsync (CLUSTER_TODO_SAVE_CONFIG alone), which costs CONFIG_SAVE_MS: set where an
   * operator's CLUSTER command changes the configuration (SETSLOT, REPLICATE), which a reshard
   * sends hundreds of times. Gossip's own saves are rare and not costed.
   */
  saveConfig: boolean;
}

/** A replica's election bookkeeping (failover_auth_* in clusterState). */
export interface ElectionState {
  authTime: number;
  authCount: number;
  authSent: boolean;
  authRank: number;
  authEpoch: number;
  expiredLogged: boolean;
}

export function newElectionState(): ElectionState {
  return { authTime: 0, authCount: 0, authSent: false, authRank: 0, authEpoch: 0, expiredLogged: false };
}

/** Manual failover state (mf_* in clusterState). `masterOffset` -1 means unknown. */
export interface ManualFailoverState {
  end: number;
  slave: string | null;
  masterOffset: number;
  canStart: boolean;
}

export function newManualFailoverState(): ManualFailoverState {
  return { end: 0, slave: null, masterOffset: -1, canStart: false };
}

/** A replica's count of orphaned masters for replica migration, and the table version it was made at. */
export interface OrphanCounts {
  version: number;
  /** The row of my master when counted. */
  myMaster: number;
  orphanedMasters: number;
  maxSlaves: number;
  thisSlaves: number;
}

/** A count that matches no table version. */
export function noOrphanCounts(): OrphanCounts {
  return { version: -1, myMaster: -1, orphanedMasters: 0, maxSlaves: 0, thisSlaves: 0 };
}
