import { ClusterNodeRecord } from './clusterNode';
import { RANDOM_PING_EVERY, RANDOM_PING_SAMPLES } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './node';
import { reconnectIfNeeded } from './links';
import { sendPing } from './gossip';
import { setPfail } from './failureDetection';
import { handleManualFailover, manualFailoverCheckTimeout } from './manualFailover';
import { handleSlaveFailover } from './failover';
import { handleSlaveMigration } from './replicaMigration';
import { updateState } from './clusterState';
import { replicationCron } from './replication';

/** clusterCron: runs every 100 ms of the node's clock. */
export function clusterCron(self: RedisNode): void {
  self.cronIteration++;
  const nt = self.nodeTimeout;
  const handshakeTimeout = Math.max(nt, 1000);

  const now = self.now();
  // The first pass only matters when a node lacks a link, is in handshake or has no address;
  // otherwise its one result, the PFAIL count, is already known. Large clusters skip a full walk.
  if (self.linklessNodes > 0 || self.handshakeNodes > 0 || self.sawNoaddr) reconnectPass(self, now, handshakeTimeout);
  else self.statsPfailNodes = self.pfailCount;

  if (self.cronIteration % RANDOM_PING_EVERY === 0) randomPing(self);

  const orphans = { orphanedMasters: 0, maxSlaves: 0, thisSlaves: 0 };
  let update = false;
  const amReplica = self.myself.isReplica;
  for (const node of self.nodeList) {
    if (node.flags & (NodeFlag.MYSELF | NodeFlag.NOADDR | NodeFlag.HANDSHAKE)) continue;
    if (amReplica) countOrphans(self, node, orphans);
    if (checkNode(self, node, nt, now)) update = true;
  }

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

/** Count PFAIL nodes, drop handshakes that timed out, and open a link to every node without one. */
function reconnectPass(self: RedisNode, now: number, handshakeTimeout: number): void {
  self.statsPfailNodes = 0;
  const expired: ClusterNodeRecord[] = [];
  for (const node of self.nodeList) {
    if (node.flags & (NodeFlag.MYSELF | NodeFlag.NOADDR)) continue;
    if (node.flags & NodeFlag.PFAIL) self.statsPfailNodes++;
    if (node.flags & NodeFlag.HANDSHAKE && now - node.ctime > handshakeTimeout) expired.push(node);
    else if (node.link === null) reconnectIfNeeded(self, node);
  }
  for (const node of expired) self.delNode(node);
}

/** Ping the node with the oldest pong among 5 random picks that have a link and no ping pending. */
function randomPing(self: RedisNode): void {
  const nodes = self.nodeList;
  let best: ClusterNodeRecord | null = null;
  for (let j = 0; j < RANDOM_PING_SAMPLES; j++) {
    const node = nodes[self.env.random.int(nodes.length)];
    if (node.link === null || node.pingSent !== 0) continue;
    if (node.has(NodeFlag.MYSELF | NodeFlag.HANDSHAKE)) continue;
    if (best === null || node.pongReceived < best.pongReceived) best = node;
  }
  if (best) sendPing(self, best.link, 'ping');
}

/** Orphaned-master bookkeeping a replica does for replica migration. */
function countOrphans(
  self: RedisNode,
  node: ClusterNodeRecord,
  acc: { orphanedMasters: number; maxSlaves: number; thisSlaves: number },
): void {
  if (!node.isMaster || node.has(NodeFlag.FAIL)) return;
  const okSlaves = node.countNonFailingSlaves();
  if (okSlaves === 0 && !node.slots.isEmpty && node.has(NodeFlag.MIGRATE_TO)) acc.orphanedMasters++;
  if (okSlaves > acc.maxSlaves) acc.maxSlaves = okSlaves;
  if (self.myself.slaveof === node) acc.thisSlaves = okSlaves;
}

/**
 * Per-node liveness: recycle a link that stopped answering, ping nodes not heard from for NT/2,
 * ping the manual-failover replica, and flag PFAIL after NT without reply or data. True if PFAIL was set.
 */
function checkNode(self: RedisNode, node: ClusterNodeRecord, nt: number, now: number): boolean {
  const pingDelay = now - node.pingSent;
  const dataDelay = now - node.dataReceived;
  const link = node.link;
  if (link && now - link.ctime > nt && node.pingSent !== 0 && pingDelay > nt / 2 && dataDelay > nt / 2) {
    self.freeLink(link);
  }
  if (node.link && node.pingSent === 0 && now - node.pongReceived > nt / 2) {
    sendPing(self, node.link, 'ping');
    return false;
  }
  if (self.mf.end !== 0 && self.myself.isMaster && self.mf.slave === node.name && node.link) {
    sendPing(self, node.link, 'ping');
    return false;
  }
  if (node.pingSent === 0) return false;
  const nodeDelay = Math.min(pingDelay, dataDelay);
  if (nodeDelay > nt && !node.isFailing) {
    setPfail(self, node, nodeDelay);
    return true;
  }
  return false;
}
