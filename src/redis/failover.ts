import { RedisNode } from './nodeState';
import { MFLAG_FORCEACK, NodeFlag } from './messages';
import { broadcastPong } from './gossip';
import { setCurrentEpoch } from './epochs';
import { setNodeAsMaster } from './slotConfig';
import { replicaDataAge, unsetMaster } from './replication';
import { resetManualFailover } from './manualFailover';
import { updateState } from './clusterState';

/**
 * A replica's automatic (and manual) failover: clusterHandleSlaveFailover, clusterGetSlaveRank,
 * clusterRequestFailoverAuth and clusterFailoverReplaceYourMaster.
 */

/**
 * clusterUpdateMyselfFlags: myself carries NOFAILOVER exactly when cluster-replica-no-failover is
 * set, so every header advertises it and siblings leave this replica out of their rank.
 */
export function updateMyselfFlags(self: RedisNode): void {
  const me = self.myself;
  const want = self.opts['cluster-replica-no-failover'] ? NodeFlag.NOFAILOVER : 0;
  if ((me.flags & NodeFlag.NOFAILOVER) !== want) me.flags = (me.flags & ~NodeFlag.NOFAILOVER) | want;
}

/** Number of sibling replicas (not NOFAILOVER) with a greater replication offset than mine. */
export function getSlaveRank(self: RedisNode): number {
  const master = self.myself.slaveof;
  if (!master) return 0;
  const myOffset = self.repl.offset;
  let rank = 0;
  for (const s of master.slaves) {
    if (s !== self.myself && !s.has(NodeFlag.NOFAILOVER) && s.replOffset > myOffset) rank++;
  }
  return rank;
}

export function handleSlaveFailover(self: RedisNode): void {
  const me = self.myself;
  const master = me.slaveof;
  const el = self.election;
  const mf = self.mf;
  const nt = self.nodeTimeout;
  const now = self.now();
  const neededQuorum = Math.floor(self.size / 2) + 1;
  const manual = mf.end !== 0 && mf.canStart;
  const authAge = now - el.authTime;
  const authTimeout = Math.max(nt * 2, 2000);
  const authRetryTime = authTimeout * 2;

  if (me.isMaster || !master || master.slots.isEmpty) return;
  if (!master.has(NodeFlag.FAIL) && !manual) return;
  if (self.opts['cluster-replica-no-failover'] && !manual) return;

  let dataAge = replicaDataAge(self);
  if (dataAge > nt) dataAge -= nt;
  const factor = self.opts['cluster-replica-validity-factor'];
  if (factor > 0 && !manual && dataAge > self.opts['repl-ping-replica-period'] * 1000 + nt * factor) {
    if (!el.expiredLogged) self.emit('election_refused', me, '', { data_age_ms: dataAge });
    el.expiredLogged = true;
    return;
  }

  if (authAge > authRetryTime) {
    scheduleElection(self, now);
    return;
  }
  if (!el.authSent && !manual) {
    const newRank = getSlaveRank(self);
    if (newRank > el.authRank) {
      el.authTime += (newRank - el.authRank) * 1000;
      self.emit('election_rank_changed', me, '', { from: el.authRank, to: newRank });
      el.authRank = newRank;
    }
  }
  if (now < el.authTime) return;
  if (authAge > authTimeout) {
    if (!el.expiredLogged) self.emit('election_expired', me, el.authEpoch, { votes: el.authCount, needed: neededQuorum });
    el.expiredLogged = true;
    return;
  }
  if (!el.authSent) {
    setCurrentEpoch(self, self.currentEpoch + 1, { cause: 'election' });
    el.authEpoch = self.currentEpoch;
    requestFailoverAuth(self);
    el.authSent = true;
    self.todo.fsyncConfig = true;
    self.emit('election_started', me, el.authEpoch, manual ? { manual: true } : { rank: el.authRank });
    return;
  }
  if (el.authCount >= neededQuorum) {
    self.emit('election_won', me, el.authEpoch, { votes: el.authCount, needed: neededQuorum });
    if (me.configEpoch < el.authEpoch) me.configEpoch = el.authEpoch;
    failoverReplaceYourMaster(self);
  }
}

function scheduleElection(self: RedisNode, now: number): void {
  const el = self.election;
  el.authTime = now + 500 + self.env.random.int(500);
  el.authCount = 0;
  el.authSent = false;
  el.expiredLogged = false;
  el.authRank = getSlaveRank(self);
  el.authTime += el.authRank * 1000;
  if (self.mf.end !== 0) {
    el.authTime = now;
    el.authRank = 0;
    self.todo.handleFailover = true;
  }
  self.emit('election_scheduled', self.myself, '', { delay_ms: el.authTime - now, rank: el.authRank, offset: self.repl.offset });
  broadcastPong(self, 'local-slaves');
}

/** Ask every linked node for a vote; FORCEACK during a manual failover. */
function requestFailoverAuth(self: RedisNode): void {
  const msg = self.header('auth-req');
  if (self.mf.end !== 0) msg.mflags |= MFLAG_FORCEACK;
  self.broadcast(msg);
}

/** Take over my master's slots, become a master, and tell everyone with a PONG. */
export function failoverReplaceYourMaster(self: RedisNode): void {
  const me = self.myself;
  const old = me.slaveof;
  if (me.isMaster || !old) return;
  setNodeAsMaster(self, me);
  unsetMaster(self);
  const slots = old.slots;
  self.assignSlots(slots, me);
  self.emit('slots_changed', me, me.configEpoch, { slots: slots.key });
  self.emit('master_replaced', old, me.configEpoch, { by: me.name, slots: slots.key });
  updateState(self);
  self.fsyncConfigNow();
  broadcastPong(self, 'all');
  resetManualFailover(self);
}
