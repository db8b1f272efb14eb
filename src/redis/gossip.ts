import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { GOSSIP_PONG_SKEW_MS } from './constants';
import { BusMessage, emptyGossip, GOSSIP_NUMBERS, gossipCount, GossipSection, NodeFlag } from './messages';
import { RedisNode } from './node';
import { internName } from './nodeName';
import { Cell, NodeTable, ROW } from './nodeTable';
import { addFailureReport, countFailureReports, delFailureReport, markNodeAsFailingIfNeeded } from './failureDetection';

/**
 * PING, PONG and MEET with their gossip sections (clusterSendPing, clusterProcessGossipSection,
 * clusterBroadcastPong).
 */

// Row cells and flag masks as module constants: a property load through the imported object costs
// more, and these loops run for every gossip entry sent or received.
const { FLAGS, PING_SENT, PONG_RECEIVED, GOSSIP_MARK, FAIL_REPORTS, LINKED } = Cell;
const { PFAIL, FAIL, HANDSHAKE, NOADDR } = NodeFlag;

function addEntry(g: GossipSection, t: NodeTable, i: number): void {
  const r = i * ROW;
  g.labels.push(t.nameAt(i), t.addressAt(i));
  g.numbers.push(t.idAt(i), t.cells[r + FLAGS]);
  g.numbers.push(Math.floor(t.cells[r + PING_SENT] / 1000), Math.floor(t.cells[r + PONG_RECEIVED] / 1000));
}

/**
 * Build and send a PING, PONG or MEET on `link`: about a tenth of the known nodes (at least 3), drawn
 * at random, then every node flagged PFAIL. Only a PING sets ping_sent. Reads the table's columns:
 * this runs a quarter of a million times per virtual second in a 1000-node cluster.
 */
export function sendPing(self: RedisNode, link: ClusterLink | null, type: 'ping' | 'pong' | 'meet'): void {
  if (!link) return;
  const t = self.table;
  const count = t.length;
  let freshnodes = count - 2;
  let wanted = Math.max(3, Math.floor(count / 10));
  if (wanted > freshnodes) wanted = freshnodes;
  let pfailWanted = self.statsPfailNodes;
  if (link.node && type === 'ping') link.node.pingSent = self.now();

  const serial = ++self.pingSerial;
  const gossip = emptyGossip();
  const rng = self.env.random;
  const me = self.myself.index;
  const c = t.cells;
  let iterations = wanted * 3;
  while (freshnodes > 0 && gossip.labels.length < 2 * wanted && iterations-- > 0) {
    const i = rng.int(count);
    const r = i * ROW;
    const f = c[r + FLAGS];
    if (i === me || f & PFAIL) continue;
    if (f & (HANDSHAKE | NOADDR) || (c[r + LINKED] === 0 && t.slots[i].isEmpty)) {
      freshnodes--;
      continue;
    }
    if (c[r + GOSSIP_MARK] === serial) continue;
    c[r + GOSSIP_MARK] = serial;
    addEntry(gossip, t, i);
    freshnodes--;
  }
  for (let i = 0; i < count && pfailWanted > 0; i++) {
    const f = c[i * ROW + FLAGS];
    if (f & (HANDSHAKE | NOADDR) || !(f & PFAIL)) continue;
    addEntry(gossip, t, i);
    pfailWanted--;
  }
  const msg = self.header(type);
  msg.gossip = gossip;
  self.send(link, msg);
}

/** PONG to every linked node (ALL), or only to the replicas of my master or of me (LOCAL_SLAVES). */
export function broadcastPong(self: RedisNode, target: 'all' | 'local-slaves'): void {
  const me = self.myself;
  for (const node of self.nodeList) {
    if (!node.link || node === me || node.has(HANDSHAKE)) continue;
    if (target === 'local-slaves') {
      const localSlave = node.isReplica && node.slaveof !== null && (node.slaveof === me.slaveof || node.slaveof === me);
      if (!localSlave) continue;
    }
    sendPing(self, node.link, 'pong');
  }
}

/**
 * Apply a received gossip section: failure reports from masters, pong_received hints, new nodes.
 * Entries about healthy nodes without failure reports, by far the most, touch only table columns.
 */
export function processGossip(self: RedisNode, msg: BusMessage, sender: ClusterNodeRecord | null): void {
  const g = msg.gossip;
  if (!g) return;
  const now = self.now();
  const senderIsMaster = sender !== null && sender.isMaster;
  const t = self.table;
  const me = self.myself.index;
  const entries = gossipCount(g);
  for (let i = 0; i < entries; i++) {
    const at = i * GOSSIP_NUMBERS;
    const flags = g.numbers[at + 1];
    const idx = t.rowOf(g.numbers[at]);
    if (idx < 0) {
      if (sender && !(flags & NOADDR)) addGossipedNode(self, g.labels[2 * i], g.labels[2 * i + 1], flags);
      continue;
    }
    const failing = (flags & (PFAIL | FAIL)) !== 0;
    // Cells are re-read from the table each time: adding a gossiped node may have widened it.
    const r = idx * ROW;
    if (senderIsMaster && idx !== me) {
      if (failing) reportFailing(self, t.rows[idx], sender);
      else if (t.cells[r + FAIL_REPORTS] !== 0 && delFailureReport(self, t.rows[idx], sender)) {
        self.emit('failure_report_removed', t.rows[idx], '', `reporter=${sender.name}`);
      }
    }
    if (failing || t.cells[r + PING_SENT] !== 0) continue;
    if (t.cells[r + FAIL_REPORTS] !== 0 && countFailureReports(self, t.rows[idx]) !== 0) continue;
    const pongTime = g.numbers[at + 3] * 1000;
    if (pongTime <= now + GOSSIP_PONG_SKEW_MS && pongTime > t.cells[r + PONG_RECEIVED]) t.cells[r + PONG_RECEIVED] = pongTime;
  }
}

/** A master says `node` is failing: record its report and see whether that makes a quorum. */
function reportFailing(self: RedisNode, node: ClusterNodeRecord, sender: ClusterNodeRecord): void {
  if (addFailureReport(self, node, sender)) self.emit('failure_report_added', node, '', `reporter=${sender.name}`);
  markNodeAsFailingIfNeeded(self, node);
}

/** 7.0 adds a node learned from gossip directly, with its real name and address. */
function addGossipedNode(self: RedisNode, name: string, address: string, flags: number): void {
  const m = /^(.*):(\d+)@(\d+)$/.exec(address);
  if (!m) return;
  const node = new ClusterNodeRecord(self.table, internName(name), m[1], Number(m[2]), Number(m[3]), self.now());
  node.flags = flags & (NodeFlag.MASTER | NodeFlag.SLAVE | NodeFlag.NOFAILOVER);
  self.addNode(node);
  self.emit('node_added', node, '', `from gossip ${address}`);
}
