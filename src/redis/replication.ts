import { ClusterNodeRecord } from './clusterNode';
import { ConnHandle } from './env';
import { NodeFlag, ReplicationMessage } from './messages';
import { RedisNode } from './nodeState';
import { resetManualFailover } from './manualFailover';
import { NO_DETAIL, ReplicaReason } from './trace';

/**
 * Replication, as far as failover needs it: a master's offset grows with the scenario's write rate
 * while it serves writes; it streams its offset to connected replicas on every cron tick (and pings
 * them every repl-ping-replica-period when idle); a replica follows what arrives, and its data age is
 * the time since it last heard from its master.
 */

const REPL_TIMEOUT_MS = 60_000;
const REPL_HEADER_BYTES = 64;

export function isReplicationConn(self: RedisNode, conn: ConnHandle): boolean {
  return conn === self.repl.masterConn || self.repl.replicaConns.has(conn);
}

/** clusterSetMaster: become a replica of `master` (from a master or from another master's replica). */
export function setMaster(self: RedisNode, master: ClusterNodeRecord, why: ReplicaReason): void {
  const me = self.myself;
  if (me.isMaster) {
    me.flags = (me.flags & ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO)) | NodeFlag.SLAVE;
    dropReplicas(self);
  } else if (me.slaveof) {
    me.slaveof.removeSlave(me);
  }
  me.slaveof = master;
  master.addSlave(me);
  self.emit('role_change', me, '', { role: 'replica', myself: true, master: master.name, why });
  connectToMaster(self);
  resetManualFailover(self);
  self.todo.updateState = true;
}

/** Stop replicating (promotion): the replica's offset becomes its master_repl_offset. */
export function unsetMaster(self: RedisNode): void {
  closeMasterConn(self);
  self.repl.lastWriteTick = self.now();
}

function closeMasterConn(self: RedisNode): void {
  const repl = self.repl;
  if (repl.masterConn) self.env.close(repl.masterConn);
  repl.masterConn = null;
  if (repl.masterConnected) repl.downSince = self.now();
  repl.masterConnected = false;
}

function dropReplicas(self: RedisNode): void {
  for (const conn of self.repl.replicaConns) self.env.close(conn);
  self.repl.replicaConns.clear();
}

function connectToMaster(self: RedisNode): void {
  closeMasterConn(self);
  const master = self.myself.slaveof;
  if (!master) return;
  self.repl.masterConn = self.env.connect(master.clientAddress);
}

export function handleReplicationConnected(self: RedisNode, conn: ConnHandle): void {
  const msg: ReplicationMessage = { kind: 'repl', op: 'sync', from: self.myself.name, offset: self.repl.offset, bytes: REPL_HEADER_BYTES };
  self.env.send(conn, msg);
}

export function handleReplicationClosed(self: RedisNode, conn: ConnHandle): void {
  if (conn === self.repl.masterConn) {
    self.repl.masterConn = null;
    if (self.repl.masterConnected) self.repl.downSince = self.now();
    self.repl.masterConnected = false;
  } else {
    self.repl.replicaConns.delete(conn);
  }
}

export function handleReplicationMessage(self: RedisNode, conn: ConnHandle, msg: ReplicationMessage): void {
  const repl = self.repl;
  if (msg.op === 'sync') {
    // A replica attaches; a node that is not a master serving writes closes the stream.
    if (!self.myself.isMaster) self.env.close(conn);
    else {
      repl.replicaConns.add(conn);
      streamTo(self, conn);
    }
    return;
  }
  if (conn !== repl.masterConn) return;
  const wasConnected = repl.masterConnected;
  if (!wasConnected) self.emit('replication_connected', self.myself.slaveof ?? self.myself, '', NO_DETAIL);
  repl.masterConnected = true;
  repl.lastInteraction = self.now();
  // The first data after (re)connecting is a resync: take the master's offset as it is.
  if (!wasConnected || msg.offset > repl.offset) repl.offset = msg.offset;
}

function streamTo(self: RedisNode, conn: ConnHandle): void {
  const msg: ReplicationMessage = { kind: 'repl', op: 'stream', from: self.myself.name, offset: self.repl.offset, bytes: REPL_HEADER_BYTES };
  self.env.send(conn, msg);
}

/** Send the current offset to every replica now (used when a master pauses writes). */
export function flushReplicationStream(self: RedisNode): void {
  for (const conn of self.repl.replicaConns) streamTo(self, conn);
  self.repl.lastStreamSent = self.now();
}

/** Whether clients can write to this node now. */
function acceptsWrites(self: RedisNode, now: number): boolean {
  const me = self.myself;
  return me.isMaster && !me.slots.isEmpty && self.state === 'ok' && now >= self.repl.writesPausedUntil;
}

/** Per cron tick: grow a master's offset and stream it; keep a replica's link to its master up. */
export function replicationCron(self: RedisNode): void {
  const repl = self.repl;
  const now = self.now();
  if (self.myself.isMaster) {
    const elapsed = now - repl.lastWriteTick;
    repl.lastWriteTick = now;
    const before = repl.offset;
    if (acceptsWrites(self, now)) repl.offset += Math.round((self.opts['write-rate'] * elapsed) / 1000);
    const idle = now - repl.lastStreamSent >= self.opts['repl-ping-replica-period'] * 1000;
    if (repl.offset !== before || idle) flushReplicationStream(self);
    return;
  }
  if (!self.myself.slaveof) return;
  if (repl.masterConnected && now - repl.lastInteraction > REPL_TIMEOUT_MS) {
    self.emit('replication_timeout', self.myself.slaveof, '', { no_data_ms: REPL_TIMEOUT_MS });
    closeMasterConn(self);
  }
  // replicationCron retries the connection once per second.
  if (!repl.masterConn && self.cronIteration % 10 === 0) connectToMaster(self);
}

/** Data age in ms as clusterHandleSlaveFailover computes it, at second resolution. */
export function replicaDataAge(self: RedisNode): number {
  const nowSec = Math.floor(self.now() / 1000);
  const since = self.repl.masterConnected ? self.repl.lastInteraction : self.repl.downSince;
  return (nowSec - Math.floor(since / 1000)) * 1000;
}
