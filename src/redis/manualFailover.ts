import { ClusterNodeRecord } from './clusterNode';
import { MF_PAUSE_MULT, MF_TIMEOUT_MS } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { sendPing } from './gossip';
import { bumpConfigEpochWithoutConsensus } from './epochs';
import { failoverReplaceYourMaster } from './failover';
import { flushReplicationStream } from './replication';
import { NO_DETAIL } from './trace';

/**
 * CLUSTER FAILOVER [FORCE|TAKEOVER] (clusterCommand, clusterHandleManualFailover, MFSTART handling,
 * manualFailoverCheckTimeout). The default form pauses the master's writes, waits until the replica
 * has the master's offset, then runs an election with FORCEACK and no delay.
 */
export type FailoverMode = 'default' | 'force' | 'takeover';

export function resetManualFailover(self: RedisNode): void {
  const mf = self.mf;
  // A master that paused its writes for a replica's failover resumes them, whatever the outcome
  // (also when it has just become that replica's replica).
  if (mf.slave !== null) self.repl.writesPausedUntil = 0;
  mf.end = 0;
  mf.canStart = false;
  mf.slave = null;
  mf.masterOffset = -1;
}

/** Run CLUSTER FAILOVER on this node. Returns an error string as Redis would, or null on success. */
export function clusterFailoverCommand(self: RedisNode, mode: FailoverMode): string | null {
  const me = self.myself;
  const master = me.slaveof;
  if (me.isMaster) return 'You should send CLUSTER FAILOVER to a replica';
  if (!master) return "I'm a replica but my master is unknown to me";
  if (mode === 'default' && (master.has(NodeFlag.FAIL) || !master.link)) {
    return 'Master is down or failed, please use CLUSTER FAILOVER FORCE';
  }
  resetManualFailover(self);
  self.mf.end = self.now() + MF_TIMEOUT_MS;
  self.emit('mf_requested', me, '', { mode });
  if (mode === 'takeover') {
    bumpConfigEpochWithoutConsensus(self);
    failoverReplaceYourMaster(self);
  } else if (mode === 'force') {
    self.mf.canStart = true;
  } else {
    self.send(master.link, self.header('mfstart'));
    self.emit('mf_start_sent', master, '', NO_DETAIL);
  }
  return null;
}

/** A master receives MFSTART from one of its replicas: pause writes and ping the replica now. */
export function handleMfStart(self: RedisNode, sender: ClusterNodeRecord): void {
  if (sender.slaveof !== self.myself) return;
  resetManualFailover(self);
  const now = self.now();
  self.mf.end = now + MF_TIMEOUT_MS;
  self.mf.slave = sender.name;
  self.repl.writesPausedUntil = now + MF_TIMEOUT_MS * MF_PAUSE_MULT;
  flushReplicationStream(self);
  sendPing(self, sender.link, 'ping');
  self.emit('mf_master_paused', sender, '', { paused_ms: MF_TIMEOUT_MS * MF_PAUSE_MULT });
}

/** The replica may start once its processed offset equals the paused master's offset. */
export function handleManualFailover(self: RedisNode): void {
  const mf = self.mf;
  if (mf.end === 0 || mf.canStart || mf.masterOffset === -1) return;
  if (mf.masterOffset === self.repl.offset) {
    mf.canStart = true;
    self.todo.handleFailover = true;
    self.emit('mf_can_start', self.myself, '', { offset: mf.masterOffset });
  }
}

export function manualFailoverCheckTimeout(self: RedisNode): void {
  if (self.mf.end !== 0 && self.mf.end < self.now()) {
    self.emit('mf_timeout', self.myself, '', NO_DETAIL);
    resetManualFailover(self);
  }
}
