import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { BusMessage, MESSAGE_TYPE_INDEX, MFLAG_PAUSED, NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { bindInboundLink } from './links';
import { processGossip, sendPing } from './gossip';
import { clearNodeFailureIfNeeded, clearPfail, setFail } from './failureDetection';
import { handleConfigEpochCollision, sendUpdateIfStale, setNodeAsMaster, updateSlotsConfigWith } from './slotConfig';
import { sendFailoverAuthIfNeeded } from './voting';
import { handleMfStart } from './manualFailover';
import { setCurrentEpoch } from './epochs';
import { NO_DETAIL } from './trace';

/** clusterProcessPacket: what a node does with each cluster bus message. */
export function processPacket(self: RedisNode, link: ClusterLink, msg: BusMessage): void {
  self.receivedByType[MESSAGE_TYPE_INDEX[msg.type]]++;
  const sender = link.node && !link.node.has(NodeFlag.HANDSHAKE) ? link.node : (self.lookup(msg.sender) ?? null);
  if (sender && link.inbound) bindInboundLink(self, link, sender);
  if (sender) sender.dataReceived = self.now();
  if (sender && !sender.has(NodeFlag.HANDSHAKE)) learnFromHeader(self, sender, msg);

  switch (msg.type) {
    case 'ping':
    case 'meet':
    case 'pong':
      processPingPongMeet(self, link, msg, sender);
      return;
    case 'fail':
      if (sender) processFail(self, msg);
      return;
    case 'auth-req':
      if (sender) sendFailoverAuthIfNeeded(self, sender, msg);
      return;
    case 'auth-ack':
      if (sender && sender.isMaster && !sender.slots.isEmpty && msg.currentEpoch >= self.election.authEpoch) {
        self.election.authCount++;
        self.todo.handleFailover = true;
      }
      return;
    case 'update':
      if (sender) processUpdate(self, msg);
      return;
    case 'mfstart':
      if (sender) handleMfStart(self, sender);
      return;
    default:
      return;
  }
}

/** Epochs, replication offset and the manual-failover offset carried by every header. */
function learnFromHeader(self: RedisNode, sender: ClusterNodeRecord, msg: BusMessage): void {
  if (msg.currentEpoch > self.currentEpoch) setCurrentEpoch(self, msg.currentEpoch, { cause: 'message', from: sender.name });
  // Redis only saves the config here (a new configEpoch, like a new currentEpoch, leaves the state as it is).
  if (msg.configEpoch > sender.configEpoch) {
    sender.configEpoch = msg.configEpoch;
    self.todo.fsyncConfig = true;
  }
  sender.replOffset = msg.offset;
  sender.replOffsetTime = self.now();
  const mf = self.mf;
  if (self.myself.isReplica && mf.end !== 0 && sender === self.myself.slaveof && msg.mflags & MFLAG_PAUSED && mf.masterOffset === -1) {
    mf.masterOffset = msg.offset;
    self.todo.handleManualFailover = true;
    self.emit('mf_master_offset', sender, '', { offset: msg.offset });
  }
}

function processPingPongMeet(self: RedisNode, link: ClusterLink, msg: BusMessage, sender: ClusterNodeRecord | null): void {
  if (msg.type !== 'pong') {
    if (!sender && msg.type === 'meet') addMeetSender(self, msg);
    sendPing(self, link, 'pong');
  }
  if (!link.inbound && link.node) {
    if (link.node.has(NodeFlag.HANDSHAKE)) {
      if (!completeHandshake(self, link, msg, sender)) return;
    } else if (link.node.name !== msg.sender) {
      link.node.flags |= NodeFlag.NOADDR;
      self.sawNoaddr = true;
      self.freeLink(link);
      return;
    }
  }
  const node = sender;
  if (node) node.flags = (node.flags & ~NodeFlag.NOFAILOVER) | (msg.flags & NodeFlag.NOFAILOVER);
  if (!link.inbound && link.node && msg.type === 'pong') {
    const peer = link.node;
    peer.pongReceived = self.now();
    peer.pingSent = 0;
    if (peer.has(NodeFlag.PFAIL)) {
      clearPfail(self, peer);
      self.todo.updateState = true;
    } else if (peer.has(NodeFlag.FAIL)) {
      clearNodeFailureIfNeeded(self, peer);
    }
  }
  if (!node || node.has(NodeFlag.HANDSHAKE)) return;
  updateRole(self, node, msg);
  const senderMaster = node.isMaster ? node : node.slaveof;
  const dirtySlots = senderMaster !== null && !senderMaster.slots.equals(msg.myslots);
  if (node.isMaster && dirtySlots) updateSlotsConfigWith(self, node, msg.configEpoch, msg.myslots);
  if (dirtySlots) sendUpdateIfStale(self, node, msg);
  if (self.myself.isMaster && node.isMaster && msg.configEpoch === self.myself.configEpoch) {
    handleConfigEpochCollision(self, node);
  }
  processGossip(self, msg, node);
}

/** A MEET from an unknown node: add it in handshake; we will connect and learn its name. */
function addMeetSender(self: RedisNode, msg: BusMessage): void {
  const node = new ClusterNodeRecord(self.table, self.env.random.hex(40), msg.ip, msg.port, msg.cport, self.now());
  node.flags = NodeFlag.HANDSHAKE;
  self.addNode(node);
  self.emit('handshake_started', node, '', { address: `${msg.ip}:${msg.port}` });
}

/** The first reply on a handshake link names the node. False if processing must stop. */
function completeHandshake(self: RedisNode, link: ClusterLink, msg: BusMessage, sender: ClusterNodeRecord | null): boolean {
  const hs = link.node as ClusterNodeRecord;
  if (sender) {
    self.delNode(hs);
    return false;
  }
  self.table.rename(hs.index, msg.sender);
  hs.flags &= ~NodeFlag.HANDSHAKE;
  hs.flags |= msg.flags & (NodeFlag.MASTER | NodeFlag.SLAVE);
  self.emit('handshake_completed', hs, '', NO_DETAIL);
  return true;
}

/** The header says whether the sender is a master or whose replica it is. */
function updateRole(self: RedisNode, sender: ClusterNodeRecord, msg: BusMessage): void {
  if (msg.slaveof === null) {
    setNodeAsMaster(self, sender);
    return;
  }
  if (sender.isMaster) {
    self.assignSlots(sender.slots, null);
    sender.flags &= ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO);
    sender.flags |= NodeFlag.SLAVE;
    self.todo.updateState = true;
    self.emit('role_change', sender, '', { role: 'replica', myself: false });
  }
  // Most headers name the master the sender already has here: no lookup then.
  const known = sender.slaveof;
  if (known !== null && known.name === msg.slaveof && self.table.rows[known.index] === known) return;
  const master = self.lookup(msg.slaveof);
  if (master && sender.slaveof !== master) {
    if (sender.slaveof) sender.slaveof.removeSlave(sender);
    master.addSlave(sender);
    sender.slaveof = master;
  }
}

function processFail(self: RedisNode, msg: BusMessage): void {
  const failing = self.lookup(msg.failing);
  if (failing && !failing.has(NodeFlag.FAIL | NodeFlag.MYSELF)) {
    setFail(self, failing, { from: msg.sender });
  }
}

function processUpdate(self: RedisNode, msg: BusMessage): void {
  const u = msg.update;
  const n = u && self.lookup(u.nodename);
  if (!u || !n || n.configEpoch >= u.configEpoch) return;
  if (n.isReplica) setNodeAsMaster(self, n);
  n.configEpoch = u.configEpoch;
  self.todo.fsyncConfig = true;
  self.emit('update_received', n, u.configEpoch, { slots: u.slots.key });
  updateSlotsConfigWith(self, n, u.configEpoch, u.slots);
}
