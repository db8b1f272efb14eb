import { Dataset, WriteOp } from './dataset';
import { nameOf } from './nodeName';
import { SlotSet } from './slotSet';

/** Cluster bus message types, in Redis's type order (CLUSTERMSG_TYPE_*). */
export const MESSAGE_TYPES = [
  'ping', 'pong', 'meet', 'fail', 'publish', 'auth-req', 'auth-ack', 'update', 'mfstart', 'module', 'publishshard',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
/** Position of each type in MESSAGE_TYPES, for per-type counters. */
export const MESSAGE_TYPE_INDEX = Object.fromEntries(MESSAGE_TYPES.map((t, i) => [t, i])) as Record<MessageType, number>;

/** Sender flag bits as carried in headers and gossip entries (CLUSTER_NODE_*). */
export const NodeFlag = {
  MASTER: 1,
  SLAVE: 2,
  PFAIL: 4,
  FAIL: 8,
  MYSELF: 16,
  HANDSHAKE: 32,
  NOADDR: 64,
  MEET: 128,
  MIGRATE_TO: 256,
  NOFAILOVER: 512,
} as const;

/** mflags[0] bits. */
export const MFLAG_PAUSED = 1;
export const MFLAG_FORCEACK = 2;

/**
 * The gossip section of a PING, PONG or MEET, one flat array of numbers (one allocation per message).
 * Entry i is numbers 3i to 3i+2: the node's identity (name and address, see nodeName), pong_received
 * in whole seconds, and the node's flags with, above their ten bits, its row in the sender's table
 * plus one (0: none), a hint that saves the receiver a lookup when its own table has the node in the
 * same row (tables start in the same order). The wire entry's ping_sent is counted in the size but
 * not carried: no receiver reads it.
 */
export type GossipSection = number[];

export const GOSSIP_NUMBERS = 3;
/** An entry's third number is flags + ROW_SCALE * (sender's row + 1). */
const ROW_SCALE = 1024;

/** Append an entry to `g` at number `n`; returns the next free number. */
export function writeGossipEntry(g: GossipSection, n: number, identity: number, flags: number, pongSeconds: number, row: number): number {
  g[n] = identity;
  g[n + 1] = pongSeconds;
  g[n + 2] = flags + ROW_SCALE * (row + 1);
  return n + GOSSIP_NUMBERS;
}

export function gossipCount(g: GossipSection | undefined): number {
  return g ? g.length / GOSSIP_NUMBERS : 0;
}

/** The names in a gossip section, in order. */
export function gossipNames(g: GossipSection | undefined): string[] {
  return g ? g.filter((_, i) => i % GOSSIP_NUMBERS === 0).map(nameOf) : [];
}

/** The flags of entry `i`. */
export function gossipFlags(g: GossipSection, i: number): number {
  return g[i * GOSSIP_NUMBERS + 2] & (ROW_SCALE - 1);
}

/** The node's row in the sender's table for entry `i`, or -1. */
export function gossipSenderRow(g: GossipSection, i: number): number {
  return Math.floor(g[i * GOSSIP_NUMBERS + 2] / ROW_SCALE) - 1;
}

/** The header every bus message carries (clusterMsg), with the type-specific body. */
export interface BusMessage {
  kind: 'bus';
  type: MessageType;
  sender: string;
  currentEpoch: number;
  /** Sender's configEpoch, or its master's if the sender is a replica. */
  configEpoch: number;
  offset: number;
  /** Sender's slots, or its master's if the sender is a replica. */
  myslots: SlotSet;
  slaveof: string | null;
  flags: number;
  state: 'ok' | 'fail';
  mflags: number;
  ip: string;
  port: number;
  cport: number;
  gossip?: GossipSection;
  /** FAIL: the node that is failing. */
  failing?: string;
  /** UPDATE: the node whose configuration is announced. */
  update?: { nodename: string; configEpoch: number; slots: SlotSet };
}

export type ReplicationOp = 'psync' | 'continue' | 'fullresync' | 'rdb' | 'stream' | 'ack' | 'getack';

/** The replication stream between a master and a replica (not the cluster bus). */
export interface ReplicationMessage {
  kind: 'repl';
  /**
   * Replica to master: 'psync' (PSYNC replid offset). Master to replica: 'continue' (+CONTINUE),
   * 'fullresync' (+FULLRESYNC), 'rdb' (the snapshot, sized as the dataset), 'stream' (the master's
   * offset, after the writes it carries). Replica to master: 'ack' (REPLCONF ACK offset), master to replica:
   * 'getack' (REPLCONF GETACK: answer with an ACK now).
   */
  op: ReplicationOp;
  from: string;
  replid: string;
  offset: number;
  bytes: number;
  /** 'stream': the writes that end at `offset`, in order. */
  ops?: WriteOp[];
  /** 'rdb': the snapshot's data, and whether it came diskless (ended by an EOF mark, so the replica ACKs as soon as it has loaded it). */
  data?: Dataset;
  eofMark?: boolean;
}

/** A command a client sends to a node's client port (RESP), numbered by the client. */
export interface ClientCommand {
  kind: 'cmd';
  id: number;
  name: 'SET' | 'INCR' | 'RPUSH' | 'MSET' | 'GET' | 'LLEN' | 'MGET' | 'WAIT' | 'CLUSTER SLOTS' | 'READONLY' | 'READWRITE' | 'ASKING';
  key: string;
  /** MSET and MGET: their second key, in the same slot as `key`; '' for the others. */
  key2: string;
  slot: number;
  /** SET and RPUSH: the write's id; WAIT: the replicas asked for. */
  value: number;
  /** WAIT: its timeout in ms (0: forever). */
  timeoutMs: number;
  bytes: number;
}

/** A slot range and the client addresses of its master and replicas, as CLUSTER SLOTS lists them. */
export interface SlotRange {
  start: number;
  end: number;
  master: string;
  replicas: string[];
}

/** A node's reply: an error (`MOVED 866 127.0.0.1:7001`, `CLUSTERDOWN ...`) or a value. */
export interface ClientReply {
  kind: 'reply';
  id: number;
  error: string | null;
  value: number | null;
  slots: SlotRange[] | null;
  bytes: number;
}

export type WireMessage = BusMessage | ReplicationMessage | ClientCommand | ClientReply;

const HEADER_BYTES = 2256;
const GOSSIP_ENTRY_BYTES = 104;

/** Size on the wire (totlen) of a bus message. */
export function busMessageBytes(msg: BusMessage): number {
  switch (msg.type) {
    case 'fail':
      return HEADER_BYTES + 40;
    case 'update':
      return HEADER_BYTES + 2096;
    default:
      return HEADER_BYTES + GOSSIP_ENTRY_BYTES * gossipCount(msg.gossip);
  }
}

export function describeWire(msg: WireMessage): { type: string; bytes: number } {
  switch (msg.kind) {
    case 'bus':
      return { type: msg.type, bytes: busMessageBytes(msg) };
    case 'repl':
      return { type: 'replication', bytes: msg.bytes };
    case 'cmd':
      return { type: 'command', bytes: msg.bytes };
    case 'reply':
      return { type: 'reply', bytes: msg.bytes };
  }
}

/** Gossip entries a message carries (messages.csv). */
export function wireGossip(msg: WireMessage): number {
  return msg.kind === 'bus' ? gossipCount(msg.gossip) : 0;
}
