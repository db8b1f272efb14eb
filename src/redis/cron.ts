import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { Cell, KEY_SCALE, KeyBit, NodeTable, ROW } from './nodeTable';
import { RANDOM_PING_EVERY, RANDOM_PING_SAMPLES } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { reconnectIfNeeded } from './links';
import { sendPing } from './gossip';
import { setPfail } from './failureDetection';
import { handleManualFailover, manualFailoverCheckTimeout } from './manualFailover';
import { handleSlaveFailover, updateMyselfFlags } from './failover';
import { handleSlaveMigration } from './replicaMigration';
import { updateState } from './clusterState';
import { replicationCron } from './replication';
import { noOrphanCounts, OrphanCounts } from './state';

// Row cells, key bits and flag masks as module constants: the table walk below reads them for every
// node of every table ten times a second, and a property load through the imported object costs more.
const { PING_SENT, DATA_RECEIVED, OK_SLAVES } = Cell;
const { PING_PENDING, UNLINKED, PONG_IN_ROW } = KeyBit;
const { MYSELF, NOADDR, HANDSHAKE, MASTER, FAIL, PFAIL, MIGRATE_TO } = NodeFlag;

/** clusterCron: runs every 100.35 to 101.35 ms of the node's clock (CRON_PERIOD_MS, CRON_RUN_US, EPOLL_GRAIN_US). */
export function clusterCron(self: RedisNode): void {
  self.cronIteration++;
  updateMyselfFlags(self);
  const nt = self.nodeTimeout;
  const handshakeTimeout = Math.max(nt, 1000);

  const now = self.now();
  // The first pass only matters when a node lacks a link, is in handshake or has no address;
  // otherwise its one result, the PFAIL count, is already known. Large clusters skip a full walk.
  if (self.linklessNodes > 0 || self.handshakeNodes > 0 || self.sawNoaddr) reconnectPass(self, now, handshakeTimeout);
  else self.statsPfailNodes = self.pfailCount;

  if (self.cronIteration % RANDOM_PING_EVERY === 0) randomPing(self);

  // A master in a manual failover pings the replica taking over on every tick.
  const mfSlave = self.mf.end !== 0 && self.myself.isMaster ? self.mf.slave : null;
  const t = self.table;
  // With no ping pending and every pong within NT/2, the walk would find nothing to do.
  const walk = mfSlave !== null || t.pendingPings > 0 || now - t.pongFloor > nt / 2;
  const update = walk && walkTable(self, t, nt, now, mfSlave);
  // The per-node checks above never change what the orphan count reads (FAIL, replicas, slots).
  const orphans = self.myself.isReplica ? orphanCounts(self) : NO_ORPHANS;

  replicationCron(self);
  manualFailoverCheckTimeout(self);
  if (self.myself.isReplica) {
    handleManualFailover(self);
    handleSlaveFailover(self);
    const { orphanedMasters, maxSlaves, thisSlaves } = orphans;
    if (orphanedMasters > 0 && maxSlaves >= 2 && thisSlaves === maxSlaves && self.opts['cluster-allow-replica-migration']) {
      handleSlaveMigration(self, maxSlaves);
    }
  }
  if (update || self.state === 'fail') updateState(self);
}

/**
 * clusterCron's per-node checks, on every row but myself and nodes in handshake or without address.
 * Recomputes the table's pong floor on the way. True if a node was flagged PFAIL.
 */
function walkTable(self: RedisNode, t: NodeTable, nt: number, now: number, mfSlave: string | null): boolean {
  let update = false;
  // Most rows, most of the time: no ping pending and a pong within NT/2, so nothing to check. Pong
  // times are whole ms, so "within" means from ceil(now - NT/2) on: a key of at least that times KEY_SCALE.
  const freshKey = mfSlave === null ? Math.ceil(now - nt / 2) * KEY_SCALE : Infinity;
  let oldestFresh = Infinity;
  t.pongFloor = Infinity;
  for (let i = 0; i < t.length; i++) {
    const key = t.keys[i];
    if (key & (MYSELF | NOADDR | HANDSHAKE)) continue;
    if (key >= freshKey && !(key & (PING_PENDING | PONG_IN_ROW))) {
      if (key < oldestFresh) oldestFresh = key;
      continue;
    }
    if (checkNode(self, t, i, nt, now, mfSlave)) update = true;
    if (!(t.keys[i] & PING_PENDING)) t.lowerPongFloor(t.keys[i]);
  }
  t.lowerPongFloor(oldestFresh);
  return update;
}

/** Count PFAIL nodes, drop handshakes that timed out, and open a link to every node without one. */
function reconnectPass(self: RedisNode, now: number, handshakeTimeout: number): void {
  self.statsPfailNodes = 0;
  const expired: ClusterNodeRecord[] = [];
  const t = self.table;
  for (let i = 0; i < t.length; i++) {
    const f = t.keys[i];
    if (f & (MYSELF | NOADDR)) continue;
    if (f & PFAIL) self.statsPfailNodes++;
    if (f & HANDSHAKE && now - t.rows[i].ctime > handshakeTimeout) expired.push(t.rows[i]);
    else if (t.links[i] === null) reconnectIfNeeded(self, t.rows[i]);
  }
  for (const node of expired) self.delNode(node);
}

/** Ping the node with the oldest pong among 5 random picks that have a link and no ping pending. */
function randomPing(self: RedisNode): void {
  const t = self.table;
  let best = -1;
  for (let j = 0; j < RANDOM_PING_SAMPLES; j++) {
    const i = self.env.random.int(t.length);
    if (t.keys[i] & (UNLINKED | PING_PENDING | MYSELF | HANDSHAKE)) continue;
    if (best < 0 || t.pongAt(i) < t.pongAt(best)) best = i;
  }
  if (best >= 0) sendPing(self, t.links[best], 'ping');
}

const NO_ORPHANS = noOrphanCounts();

/**
 * The orphaned-master bookkeeping a replica does for replica migration, over the masters not FAIL:
 * masters with slots that lost all working replicas, the most working replicas any master has, and
 * how many my master has. Recounted only when the table has changed since the last count.
 */
function orphanCounts(self: RedisNode): OrphanCounts {
  const t = self.table;
  const myMaster = self.myself.slaveof ? self.myself.slaveof.index : -1;
  const cached = self.orphans;
  if (cached.version === t.version && cached.myMaster === myMaster) return cached;
  const acc = { version: t.version, myMaster, orphanedMasters: 0, maxSlaves: 0, thisSlaves: 0 };
  for (let i = 0; i < t.length; i++) {
    const f = t.flagsAt(i);
    if (f & (MYSELF | NOADDR | HANDSHAKE) || !(f & MASTER) || f & FAIL) continue;
    const okSlaves = t.cells[i * ROW + OK_SLAVES];
    if (okSlaves === 0 && f & MIGRATE_TO && !t.slots[i].isEmpty) acc.orphanedMasters++;
    if (okSlaves > acc.maxSlaves) acc.maxSlaves = okSlaves;
    if (i === myMaster) acc.thisSlaves = okSlaves;
  }
  self.orphans = acc;
  return acc;
}

/**
 * Per-node liveness for row `i`: recycle a link that stopped answering, ping nodes not heard from
 * for NT/2, ping the manual-failover replica, and flag PFAIL after NT without reply or data. True if
 * PFAIL was set.
 */
function checkNode(self: RedisNode, t: NodeTable, i: number, nt: number, now: number, mfSlave: string | null): boolean {
  const c = t.cells;
  const r = i * ROW;
  const pingSent = c[r + PING_SENT];
  const dataDelay = now - c[r + DATA_RECEIVED];
  // The key says whether there is a link; the link object itself is read only when acted upon.
  if (pingSent !== 0 && !(t.keys[i] & UNLINKED) && now - pingSent > nt / 2 && dataDelay > nt / 2) {
    const link = t.links[i] as ClusterLink;
    if (now - link.ctime > nt) self.freeLink(link);
  }
  const linked = !(t.keys[i] & UNLINKED);
  if (linked && pingSent === 0 && now - t.pongAt(i) > nt / 2) {
    sendPing(self, t.links[i], 'ping');
    return false;
  }
  if (mfSlave !== null && linked && mfSlave === t.nameAt(i)) {
    sendPing(self, t.links[i], 'ping');
    return false;
  }
  if (pingSent === 0) return false;
  const nodeDelay = Math.min(now - pingSent, dataDelay);
  if (nodeDelay > nt && !(t.keys[i] & (PFAIL | FAIL))) {
    setPfail(self, t.rows[i], nodeDelay);
    return true;
  }
  return false;
}
