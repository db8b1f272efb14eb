import { ClusterNodeRecord } from './clusterNode';
import { WriteOp } from './dataset';
import { ConnHandle } from './env';
import { NodeFlag, ReplicationMessage, ReplicationOp } from './messages';
import { RedisNode } from './nodeState';
import { resetManualFailover } from './manualFailover';
import { ReplicaReason } from './trace';
import { processWaitingClients, unblockWaitingClients } from './wait';

/**
 * Replication as Redis 7.0 runs it, by offsets rather than data. A replica connects to its master's
 * client port and sends PSYNC with its replication ID and offset. The master continues (+CONTINUE)
 * when that history is its own or its previous one (replid2, up to second_replid_offset) and the
 * backlog still holds the offset; otherwise it answers +FULLRESYNC and the replica waits for a
 * snapshot. Writes are propagated as Redis does: each one at once, to every online replica, which
 * applies it when it arrives; the backlog keeps them for a partial resync. With repl-diskless-sync the snapshot starts in the master's once-a-second
 * replicationCron when the first waiting replica has been idle repl-diskless-sync-delay seconds
 * (whole seconds of unixtime, as Redis counts them); without it, at once. The snapshot is a message
 * the size of the dataset (so a link's bandwidth applies) with a copy of the data, then the replica
 * loads it. A master's offset also grows with the `write-rate` option while it serves writes (the
 * applications the scenario does not model); it streams its offset to its online replicas every
 * cron tick (and every repl-ping-replica-period when idle).
 */

const REPL_HEADER_BYTES = 64;
/** fork() of a small process, before the snapshot's first byte leaves. */
const FORK_MS = 1;
/** How fast a replica loads a snapshot (rdbLoad of small values, this kind of machine). */
const RDB_LOAD_BYTES_PER_MS = 200_000;

export function isReplicationConn(self: RedisNode, conn: ConnHandle): boolean {
  const repl = self.repl;
  return conn === repl.masterConn || repl.replicaConns.has(conn) || repl.waitingBgsave.has(conn);
}

/**
 * The replication history a process starts with. A cluster's first start is in sync: a replica
 * holds its master's history. A restarted process has no RDB to load (save "" and no AOF), so it
 * starts a new history at offset 0 and can only full-resync.
 */
export function initReplication(self: RedisNode, restart: boolean): void {
  const me = self.myself;
  self.repl.replid = restart ? newReplId(self) : `${(me.slaveof ?? me).name.slice(0, 8)}-0`;
}

function newReplId(self: RedisNode): string {
  return `${self.myself.name.slice(0, 8)}-${++self.repl.idsMade}`;
}

/** clusterSetMaster: become a replica of `master` (from a master or from another master's replica). */
export function setMaster(self: RedisNode, master: ClusterNodeRecord, why: ReplicaReason): void {
  const me = self.myself;
  unblockWaitingClients(self);
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

/** Stop replicating (promotion): keep the history as replid2 and start a new one (shiftReplicationId). */
export function unsetMaster(self: RedisNode): void {
  closeMasterConn(self);
  const repl = self.repl;
  repl.replid2 = repl.replid;
  repl.secondReplidOffset = repl.offset + 1;
  repl.replid = newReplId(self);
  repl.lastWriteTick = self.now();
}

function closeMasterConn(self: RedisNode): void {
  const repl = self.repl;
  if (repl.masterConn) self.env.close(repl.masterConn);
  repl.masterConn = null;
  linkDown(self);
}

function linkDown(self: RedisNode): void {
  const repl = self.repl;
  if (repl.masterConnected) repl.downSince = self.now();
  repl.masterConnected = false;
  repl.sync = 'none';
}

function dropReplicas(self: RedisNode): void {
  for (const conn of [...self.repl.replicaConns, ...self.repl.waitingBgsave.keys()]) self.env.close(conn);
  self.repl.replicaConns.clear();
  self.repl.waitingBgsave.clear();
}

function connectToMaster(self: RedisNode): void {
  closeMasterConn(self);
  const master = self.myself.slaveof;
  if (!master) return;
  self.repl.masterConn = self.env.connect(master.clientAddress);
  self.repl.sync = 'handshake';
}

function message(self: RedisNode, op: ReplicationOp, bytes = REPL_HEADER_BYTES): ReplicationMessage {
  return { kind: 'repl', op, from: self.myself.name, replid: self.repl.replid, offset: self.repl.offset, bytes };
}

/** The replica's handshake ends with PSYNC: my history and the next offset I need. */
export function handleReplicationConnected(self: RedisNode, conn: ConnHandle): void {
  const msg = message(self, 'psync');
  msg.offset = self.repl.offset + 1;
  self.env.send(conn, msg);
}

export function handleReplicationClosed(self: RedisNode, conn: ConnHandle): void {
  const repl = self.repl;
  if (conn === repl.masterConn) {
    repl.masterConn = null;
    linkDown(self);
  } else {
    repl.replicaConns.delete(conn);
    repl.waitingBgsave.delete(conn);
    repl.ackTime.delete(conn);
    repl.ackOffset.delete(conn);
  }
}

export function handleReplicationMessage(self: RedisNode, conn: ConnHandle, msg: ReplicationMessage): void {
  if (msg.op === 'psync') handlePsync(self, conn, msg);
  else if (msg.op === 'ack') handleAck(self, conn, msg);
  else if (conn === self.repl.masterConn) fromMaster(self, msg);
}

/** REPLCONF ACK: the replica's processed offset, and when it said so. */
function handleAck(self: RedisNode, conn: ConnHandle, msg: ReplicationMessage): void {
  if (!self.repl.replicaConns.has(conn)) return;
  self.repl.ackTime.set(conn, self.now());
  self.repl.ackOffset.set(conn, msg.offset);
  if (self.waiting.length > 0) processWaitingClients(self);
}

function sendAck(self: RedisNode): void {
  const repl = self.repl;
  if (repl.masterConn && repl.sync === 'connected') self.env.send(repl.masterConn, message(self, 'ack'));
}

/** End of an iteration that blocked a client in WAIT: ask every online replica for an ACK. */
export function getAckFromReplicas(self: RedisNode): void {
  self.getAckFromReplicas = false;
  for (const conn of self.repl.replicaConns) self.env.send(conn, message(self, 'getack'));
}

/**
 * refreshGoodSlavesCount: online replicas whose last ACK is at most min-replicas-max-lag seconds old
 * (whole seconds of unixtime, as Redis counts them).
 */
function refreshGoodReplicas(self: RedisNode, now: number): void {
  const repl = self.repl;
  const nowSec = Math.floor(now / 1000);
  let good = 0;
  for (const conn of repl.replicaConns) {
    const at = repl.ackTime.get(conn);
    if (at !== undefined && nowSec - Math.floor(at / 1000) <= self.opts['min-replicas-max-lag']) good++;
  }
  repl.goodReplicas = good;
}

/** masterTryPartialResynchronization, then the full resync's start. */
function handlePsync(self: RedisNode, conn: ConnHandle, req: ReplicationMessage): void {
  const repl = self.repl;
  if (!self.myself.isMaster) {
    self.env.close(conn);
    return;
  }
  const sameHistory = req.replid === repl.replid || (req.replid === repl.replid2 && req.offset <= repl.secondReplidOffset);
  const backlogStart = Math.max(repl.backlogFrom, repl.offset - self.opts['repl-backlog-size']) + 1;
  if (sameHistory && req.offset >= backlogStart && req.offset <= repl.offset + 1) {
    self.env.send(conn, message(self, 'continue'));
    repl.replicaConns.add(conn);
    streamTo(self, conn, repl.backlog.since(req.offset - 1));
    return;
  }
  self.env.send(conn, message(self, 'fullresync'));
  repl.waitingBgsave.set(conn, self.now());
  if (!self.opts['repl-diskless-sync'] || self.opts['repl-diskless-sync-delay'] === 0) startBgsave(self);
}

/** What a replica receives from its master. */
function fromMaster(self: RedisNode, msg: ReplicationMessage): void {
  const repl = self.repl;
  const master = self.myself.slaveof ?? self.myself;
  repl.lastInteraction = self.now();
  switch (msg.op) {
    case 'continue':
      repl.replid = msg.replid;
      self.emit('replication_sync', master, '', { mode: 'partial', offset: repl.offset });
      linkUp(self);
      return;
    case 'fullresync':
      repl.sync = 'waiting-rdb';
      self.emit('replication_sync', master, '', { mode: 'full', offset: msg.offset });
      return;
    case 'rdb':
      repl.sync = 'loading';
      repl.unreadStream = [];
      self.env.setTimer(msg.bytes / RDB_LOAD_BYTES_PER_MS, () => {
        if (repl.sync !== 'loading' || self.myself.slaveof?.name !== msg.from) return;
        repl.replid = msg.replid;
        repl.offset = msg.offset;
        repl.backlogFrom = msg.offset;
        repl.backlog.clear();
        if (msg.data) self.data = msg.data.snapshot();
        linkUp(self);
        // readSyncBulkPayload's initial ACK: it puts a diskless replica online, and answers a WAIT at once.
        if (msg.eofMark) sendAck(self);
        for (const unread of repl.unreadStream.splice(0)) if (unread.offset > repl.offset) applyStream(self, unread);
      });
      return;
    case 'stream':
      if (repl.sync === 'loading') repl.unreadStream.push(msg);
      else if (repl.sync === 'connected' && msg.offset > repl.offset) applyStream(self, msg);
      return;
    case 'getack':
      sendAck(self);
      return;
  }
}

/** A replica applies the writes of its master's stream, and keeps them in its own backlog. */
function applyStream(self: RedisNode, msg: ReplicationMessage): void {
  const repl = self.repl;
  let end = repl.offset;
  for (const op of msg.ops ?? []) {
    self.data.apply(op);
    end += op.bytes;
    repl.backlog.push(end, op);
  }
  repl.offset = msg.offset;
  repl.backlog.trimTo(repl.offset - self.opts['repl-backlog-size']);
}

/**
 * A master has executed a write: it enters the stream (the offset grows by its size) and the
 * backlog, and leaves for every online replica with this iteration's other output.
 */
export function propagateWrite(self: RedisNode, op: WriteOp): void {
  const repl = self.repl;
  repl.offset += op.bytes;
  repl.backlog.push(repl.offset, op);
  repl.backlog.trimTo(repl.offset - self.opts['repl-backlog-size']);
  for (const conn of repl.replicaConns) streamTo(self, conn, [op]);
  repl.lastStreamSent = self.now();
}

function linkUp(self: RedisNode): void {
  const repl = self.repl;
  repl.sync = 'connected';
  repl.masterConnected = true;
  repl.lastInteraction = self.now();
  self.emit('replication_connected', self.myself.slaveof ?? self.myself, '', { offset: repl.offset });
}

/** Fork, then send the snapshot to every waiting replica; they go online and get the stream from it on. */
function startBgsave(self: RedisNode): void {
  const repl = self.repl;
  const conns = [...repl.waitingBgsave.keys()];
  repl.waitingBgsave.clear();
  const bytes = self.opts['dataset-bytes'] + self.data.bytes + REPL_HEADER_BYTES;
  self.emit('replication_rdb', self.myself, '', { replicas: conns.length, bytes });
  self.env.setTimer(FORK_MS, () => {
    if (!self.myself.isMaster) return;
    // The child's snapshot: the data as the fork found it; later writes follow in the stream.
    const data = self.data.size > 0 ? self.data.snapshot() : undefined;
    for (const conn of conns) {
      const rdb = message(self, 'rdb', bytes);
      rdb.data = data;
      rdb.eofMark = self.opts['repl-diskless-sync'];
      self.env.send(conn, rdb);
      repl.replicaConns.add(conn);
    }
  });
}

/** A stream message: `ops`, or `grownBytes` of write-rate traffic, which it carries as their size on the wire. */
function streamTo(self: RedisNode, conn: ConnHandle, ops?: WriteOp[], grownBytes = 0): void {
  const msg = message(self, 'stream', REPL_HEADER_BYTES + grownBytes);
  if (ops && ops.length > 0) {
    msg.ops = ops;
    for (const op of ops) msg.bytes += op.bytes;
  }
  self.env.send(conn, msg);
}

/** Send the current offset to every online replica now (and when a master pauses writes), with the `grownBytes` it grew by. */
export function flushReplicationStream(self: RedisNode, grownBytes = 0): void {
  for (const conn of self.repl.replicaConns) streamTo(self, conn, undefined, grownBytes);
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
  // Redis runs replicationCron once a second: when serverCron's cronloops is a multiple of 10.
  const secondTick = (self.cronIteration - 1) % 10 === 0;
  if (self.myself.isMaster) {
    const elapsed = now - repl.lastWriteTick;
    repl.lastWriteTick = now;
    const before = repl.offset;
    if (acceptsWrites(self, now)) repl.offset += Math.round((self.opts['write-rate'] * elapsed) / 1000);
    const idle = now - repl.lastStreamSent >= self.opts['repl-ping-replica-period'] * 1000;
    if (repl.offset !== before || idle) flushReplicationStream(self, repl.offset - before);
    if (secondTick && bgsaveDue(self, now)) startBgsave(self);
    if (secondTick && acksMatter(self)) refreshGoodReplicas(self, now);
    return;
  }
  if (!self.myself.slaveof) return;
  if (secondTick && acksMatter(self)) sendAck(self);
  const timeoutMs = self.opts['repl-timeout'] * 1000;
  if (repl.masterConn && repl.sync !== 'handshake' && now - repl.lastInteraction > timeoutMs) {
    self.emit('replication_timeout', self.myself.slaveof, '', { no_data_ms: timeoutMs });
    closeMasterConn(self);
  }
  if (!repl.masterConn && secondTick) connectToMaster(self);
}

/**
 * Redis replicas send REPLCONF ACK every second; only min-replicas-to-write reads it without being
 * asked (WAIT asks with GETACK), so the model sends it only then, and runs without either keep
 * their traffic as it was.
 */
function acksMatter(self: RedisNode): boolean {
  return self.opts['min-replicas-to-write'] > 0;
}

/** shouldStartChildReplication: a waiting replica has been idle the diskless delay, in whole seconds. */
function bgsaveDue(self: RedisNode, now: number): boolean {
  const nowSec = Math.floor(now / 1000);
  for (const since of self.repl.waitingBgsave.values()) {
    if (nowSec - Math.floor(since / 1000) >= self.opts['repl-diskless-sync-delay']) return true;
  }
  return false;
}

/** Data age in ms as clusterHandleSlaveFailover computes it, at second resolution. */
export function replicaDataAge(self: RedisNode): number {
  const nowSec = Math.floor(self.now() / 1000);
  const since = self.repl.masterConnected ? self.repl.lastInteraction : self.repl.downSince;
  return (nowSec - Math.floor(since / 1000)) * 1000;
}
