import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { GOSSIP_PONG_SKEW_MS } from './constants';
import { BusMessage, GOSSIP_NUMBERS, gossipCount, gossipFlags, GossipSection, gossipSenderRow, NodeFlag, writeGossipEntry } from './messages';
import { RedisNode } from './nodeState';
import { addressOf, internName, nameIdOf, nameOf } from './nodeName';
import { KeyBit, NodeTable } from './nodeTable';
import { addFailureReport, countFailureReports, delFailureReport, markNodeAsFailingIfNeeded } from './failureDetection';

/**
 * PING, PONG and MEET with their gossip sections (clusterSendPing, clusterProcessGossipSection,
 * clusterBroadcastPong).
 */

// Key bits and flag masks as module constants: a property load through the imported object costs
// more, and these loops run for every gossip entry sent or received.
const { FLAGS, PING_PENDING, REPORTED, UNLINKED } = KeyBit;
const { PFAIL, FAIL, HANDSHAKE, NOADDR } = NodeFlag;

// Scratch space shared by every node: sections are built one at a time.
/** Rows already in the section being built, marked with its serial (a node appears at most once). */
let marks = new Float64Array(64);
let serial = 0;
/** Rows picked ahead of the build loop. */
let rowScratch = new Int32Array(64);
/** The section being built; copied out at its exact length. */
const entries: GossipSection = [];
/**
 * A random row of a large cluster's table is likely a cache miss. The build loop's keys are read
 * once ahead of it, all together, so that the misses overlap instead of following one another (the
 * sum is kept here only so that the reads are not optimised away). Applying a section gains nothing
 * from the same: its first pass would stall on the message itself (1000 nodes: 7% slower with it).
 */
const prefetched = { sum: 0 };

/**
 * Build and send a PING, PONG or MEET on `link`: about a tenth of the known nodes (at least 3), drawn
 * at random, then every node flagged PFAIL. Only a PING sets ping_sent. Reads the table's keys:
 * this runs a quarter of a million times per virtual second in a 1000-node cluster.
 */
export function sendPing(self: RedisNode, link: ClusterLink | null, type: 'ping' | 'pong' | 'meet'): void {
  if (!link) return;
  const count = self.table.length;
  let wanted = Math.max(3, Math.floor(count / 10));
  if (wanted > count - 2) wanted = count - 2;
  if (link.node && type === 'ping') link.node.pingSent = self.now();
  let n = addRandomEntries(self, wanted);
  n = addPfailEntries(self.table, self.statsPfailNodes, n);
  const msg = self.header(type);
  msg.gossip = entries.slice(0, n);
  self.send(link, msg);
}

/**
 * Up to `wanted` random nodes, skipping myself, PFAIL nodes (added later), nodes in handshake or
 * without address, and nodes with neither link nor slots; at most 3 * `wanted` draws. Returns the
 * numbers written to `entries`.
 */
function addRandomEntries(self: RedisNode, wanted: number): number {
  const t = self.table;
  const count = t.length;
  const keys = t.keys;
  const ids = t.identities.values;
  const rng = self.env.random;
  const me = self.myself.index;
  const stamp = ++serial;
  if (marks.length < count) marks = new Float64Array(2 * count);
  // The loop cannot stop before its `wanted`-th draw, so those draws can be made first.
  const ahead = Math.max(0, wanted);
  if (rowScratch.length < ahead) rowScratch = new Int32Array(2 * ahead);
  rng.fillInts(rowScratch, ahead, count);
  prefetchKeys(keys, rowScratch, ahead);
  let freshnodes = count - 2;
  let iterations = wanted * 3;
  let n = 0;
  for (let k = 0; freshnodes > 0 && n < GOSSIP_NUMBERS * wanted && iterations-- > 0; k++) {
    const i = k < ahead ? rowScratch[k] : rng.int(count);
    const key = keys[i];
    if (i === me || key & PFAIL) continue;
    if (key & (HANDSHAKE | NOADDR) || (key & UNLINKED && t.slots[i].isEmpty)) {
      freshnodes--;
      continue;
    }
    if (marks[i] === stamp) continue;
    marks[i] = stamp;
    n = writeGossipEntry(entries, n, ids[i], key & FLAGS, Math.floor(t.pongAt(i) / 1000), i);
    freshnodes--;
  }
  return n;
}

/** Every node flagged PFAIL (and not in handshake or without address), up to `wanted`. */
function addPfailEntries(t: NodeTable, wanted: number, n: number): number {
  const keys = t.keys;
  for (let i = 0; i < t.length && wanted > 0; i++) {
    const key = keys[i];
    if (key & (HANDSHAKE | NOADDR) || !(key & PFAIL)) continue;
    n = writeGossipEntry(entries, n, t.identities.values[i], key & FLAGS, Math.floor(t.pongAt(i) / 1000), i);
    wanted--;
  }
  return n;
}

/** Read the keys of the first `n` rows in `rows`. */
function prefetchKeys(keys: Float64Array, rows: Int32Array, n: number): void {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    if (i >= 0 && i < keys.length) sum += keys[i];
  }
  prefetched.sum = sum;
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
  const count = gossipCount(g);
  let ids = t.identities.values;
  for (let i = 0; i < count; i++) {
    const at = i * GOSSIP_NUMBERS;
    const flags = gossipFlags(g, i);
    const idx = rowOfEntry(t, ids, g[at], gossipSenderRow(g, i));
    if (idx < 0) {
      if (sender && !(flags & NOADDR)) {
        addGossipedNode(self, g[at], flags);
        ids = t.identities.values;
      }
      continue;
    }
    const failing = (flags & (PFAIL | FAIL)) !== 0;
    // Keys are re-read from the table each time: adding a gossiped node may have widened it.
    if (senderIsMaster && idx !== me) {
      if (failing) reportFailing(self, t.rows[idx], sender);
      else if (t.keys[idx] & REPORTED && delFailureReport(self, t.rows[idx], sender)) {
        self.emit('failure_report_removed', t.rows[idx], '', { reporter: sender.name });
      }
    }
    const key = t.keys[idx];
    if (failing || key & PING_PENDING) continue;
    if (key & REPORTED && countFailureReports(self, t.rows[idx]) !== 0) continue;
    const pongTime = g[at + 1] * 1000;
    if (pongTime <= now + GOSSIP_PONG_SKEW_MS) t.raisePong(idx, pongTime);
  }
}

/** My row of the node with `identity`: the sender's row if mine holds the same node, else a lookup. */
function rowOfEntry(t: NodeTable, ids: Float64Array, identity: number, senderRow: number): number {
  if (senderRow >= 0 && senderRow < t.length && ids[senderRow] === identity) return senderRow;
  return t.rowOf(nameIdOf(identity));
}

/** A master says `node` is failing: record its report and see whether that makes a quorum. */
function reportFailing(self: RedisNode, node: ClusterNodeRecord, sender: ClusterNodeRecord): void {
  if (addFailureReport(self, node, sender)) self.emit('failure_report_added', node, '', { reporter: sender.name });
  markNodeAsFailingIfNeeded(self, node);
}

/** 7.0 adds a node learned from gossip directly, with its real name and address. */
function addGossipedNode(self: RedisNode, identity: number, flags: number): void {
  const address = addressOf(identity);
  const m = /^(.*):(\d+)@(\d+)$/.exec(address);
  if (!m) return;
  const node = new ClusterNodeRecord(self.table, internName(nameOf(identity)), m[1], Number(m[2]), Number(m[3]), self.now());
  node.flags = flags & (NodeFlag.MASTER | NodeFlag.SLAVE | NodeFlag.NOFAILOVER);
  self.addNode(node);
  self.emit('node_added', node, '', { address });
}
