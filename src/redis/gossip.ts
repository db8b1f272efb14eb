import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { GOSSIP_PONG_SKEW_MS } from './constants';
import { BusMessage, emptyGossip, GossipSection, NodeFlag } from './messages';
import { RedisNode } from './node';
import { internName } from './nodeName';
import { addFailureReport, countFailureReports, delFailureReport, markNodeAsFailingIfNeeded } from './failureDetection';

/**
 * PING, PONG and MEET with their gossip sections (clusterSendPing, clusterProcessGossipSection,
 * clusterBroadcastPong).
 */

function addEntry(g: GossipSection, node: ClusterNodeRecord): void {
  g.names.push(node.name);
  g.addresses.push(node.address);
  g.flags.push(node.flags);
  g.times.push(Math.floor(node.pingSent / 1000), Math.floor(node.pongReceived / 1000));
}

/**
 * Build and send a PING, PONG or MEET on `link`: about a tenth of the known nodes (at least 3), drawn
 * at random, then every node flagged PFAIL. Only a PING sets ping_sent.
 */
export function sendPing(self: RedisNode, link: ClusterLink | null, type: 'ping' | 'pong' | 'meet'): void {
  if (!link) return;
  const nodes = self.nodeList;
  let freshnodes = nodes.length - 2;
  let wanted = Math.max(3, Math.floor(nodes.length / 10));
  if (wanted > freshnodes) wanted = freshnodes;
  let pfailWanted = self.statsPfailNodes;
  if (link.node && type === 'ping') link.node.pingSent = self.now();

  const serial = ++self.pingSerial;
  const gossip = emptyGossip();
  const rng = self.env.random;
  let iterations = wanted * 3;
  while (freshnodes > 0 && gossip.names.length < wanted && iterations-- > 0) {
    const node = nodes[rng.int(nodes.length)];
    if (node === self.myself || node.has(NodeFlag.PFAIL)) continue;
    if (node.has(NodeFlag.HANDSHAKE | NodeFlag.NOADDR) || (node.link === null && node.slots.isEmpty)) {
      freshnodes--;
      continue;
    }
    if (node.lastInPingGossip === serial) continue;
    node.lastInPingGossip = serial;
    addEntry(gossip, node);
    freshnodes--;
  }
  if (pfailWanted > 0) {
    for (const node of nodes) {
      if (pfailWanted === 0) break;
      if (node.has(NodeFlag.HANDSHAKE | NodeFlag.NOADDR) || !node.has(NodeFlag.PFAIL)) continue;
      addEntry(gossip, node);
      pfailWanted--;
    }
  }
  const msg = self.header(type);
  msg.gossip = gossip;
  self.send(link, msg);
}

/** PONG to every linked node (ALL), or only to the replicas of my master or of me (LOCAL_SLAVES). */
export function broadcastPong(self: RedisNode, target: 'all' | 'local-slaves'): void {
  const me = self.myself;
  for (const node of self.nodeList) {
    if (!node.link || node === me || node.has(NodeFlag.HANDSHAKE)) continue;
    if (target === 'local-slaves') {
      const localSlave = node.isReplica && node.slaveof !== null && (node.slaveof === me.slaveof || node.slaveof === me);
      if (!localSlave) continue;
    }
    sendPing(self, node.link, 'pong');
  }
}

/** Apply a received gossip section: failure reports from masters, pong_received hints, new nodes. */
export function processGossip(self: RedisNode, msg: BusMessage, sender: ClusterNodeRecord | null): void {
  const now = self.now();
  const senderIsMaster = sender !== null && sender.isMaster;
  const g = msg.gossip;
  if (!g) return;
  for (let i = 0; i < g.names.length; i++) {
    const flags = g.flags[i];
    const node = self.nodes.get(g.names[i]);
    if (!node) {
      if (sender && !(flags & NodeFlag.NOADDR)) addGossipedNode(self, g.names[i], g.addresses[i], flags);
      continue;
    }
    const failing = (flags & (NodeFlag.PFAIL | NodeFlag.FAIL)) !== 0;
    if (sender && senderIsMaster && node !== self.myself) {
      if (failing) {
        if (addFailureReport(self, node, sender)) self.emit('failure_report_added', node, '', `reporter=${sender.name}`);
        markNodeAsFailingIfNeeded(self, node);
      } else if (delFailureReport(self, node, sender)) {
        self.emit('failure_report_removed', node, '', `reporter=${sender.name}`);
      }
    }
    if (!failing && node.pingSent === 0 && countFailureReports(self, node) === 0) {
      const pongTime = g.times[2 * i + 1] * 1000;
      if (pongTime <= now + GOSSIP_PONG_SKEW_MS && pongTime > node.pongReceived) node.pongReceived = pongTime;
    }
  }
}

/** 7.0 adds a node learned from gossip directly, with its real name and address. */
function addGossipedNode(self: RedisNode, name: string, address: string, flags: number): void {
  const m = /^(.*):(\d+)@(\d+)$/.exec(address);
  if (!m) return;
  const node = new ClusterNodeRecord(internName(name), m[1], Number(m[2]), Number(m[3]), self.now());
  node.flags = flags & (NodeFlag.MASTER | NodeFlag.SLAVE | NodeFlag.NOFAILOVER);
  self.addNode(node);
  self.emit('node_added', node, '', `from gossip ${address}`);
}
