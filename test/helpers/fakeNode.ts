import { RandomStream } from '../../src/engine/random';
import { DEFAULT_OPTIONS, ClusterOptions } from '../../src/redis/config';
import { ConnHandle, NodeEnv } from '../../src/redis/env';
import { NodeEvent } from '../../src/redis/trace';
import { BusMessage, MessageType, WireMessage } from '../../src/redis/messages';
import { RedisNode } from '../../src/redis/nodeState';
import { loadNodesConf } from '../../src/redis/persistence';
import { splitSlotsLikeRedisCli, SlotSet } from '../../src/redis/slotSet';
import { initialNodesConf, nodeIds } from '../../src/sim/bootstrap';
import { NodeSpec } from '../../src/scenario/types';
import { beforeSleep, onMessage } from '../../src/redis/eventLoop';

/** A node model driven by hand: a settable clock, captured sends and events, no network. */
export class FakeEnv implements NodeEnv {
  time = 1_000_000_000;
  readonly random = new RandomStream('test');
  readonly wakeRandom = new RandomStream('test/wake');
  readonly sent: { conn: ConnHandle; msg: WireMessage }[] = [];
  readonly events: NodeEvent[] = [];
  readonly connects: { address: string; conn: ConnHandle }[] = [];
  now(): number {
    return this.time;
  }
  /** Every timer set, in order; none fires unless a test calls it. */
  readonly timers: { delayMs: number; fn: () => void }[] = [];
  setTimer(delayMs: number, fn: () => void): unknown {
    this.timers.push({ delayMs, fn });
    return null;
  }
  connect(address: string): ConnHandle {
    const conn = { address };
    this.connects.push({ address, conn });
    return conn;
  }
  send(conn: ConnHandle, msg: WireMessage): void {
    this.sent.push({ conn, msg });
  }
  /** Connections this node closed, in order. */
  readonly closed: ConnHandle[] = [];
  close(conn: ConnHandle): void {
    this.closed.push(conn);
  }
  setNoDelay(): void {}
  stall(): void {}
  private readonly links = new Map<ConnHandle, object | null>();
  attach(conn: ConnHandle, value: object | null): void {
    this.links.set(conn, value);
  }
  attached(conn: ConnHandle): object | null {
    return this.links.get(conn) ?? null;
  }
  emit(ev: NodeEvent): void {
    this.events.push(ev);
  }
  sentOfType(type: MessageType): BusMessage[] {
    return this.sent.map((s) => s.msg).filter((m): m is BusMessage => m.kind === 'bus' && m.type === type);
  }
}

/** Three masters A, B, C and replicas A1, B1, C1, as in fail-C. */
export function failCNodes(options: Partial<ClusterOptions> = {}): NodeSpec[] {
  const slots = splitSlotsLikeRedisCli(3);
  const opts = { ...DEFAULT_OPTIONS, 'cluster-node-timeout': 5000, ...options };
  const names = ['A', 'B', 'C', 'A1', 'B1', 'C1'];
  return names.map((name, i) => ({ name, port: 7000 + i, replicaOf: i >= 3 ? names[i - 3] : null, slots: i < 3 ? slots[i] : SlotSet.EMPTY, options: opts, configEpoch: i + 1, currentEpoch: names.length }));
}

export interface TestCluster {
  node: RedisNode;
  env: FakeEnv;
  ids: Record<string, string>;
}

/** The node `me` of a fresh fail-C cluster, with outbound links to every peer already connected. */
export function nodeOf(me: string, options: Partial<ClusterOptions> = {}, specs = failCNodes(options)): TestCluster {
  const ids = nodeIds(specs, 1);
  const env = new FakeEnv();
  const i = specs.findIndex((s) => s.name === me);
  const node = loadNodesConf(initialNodesConf(specs, ids, i), env, specs[i].options);
  for (const peer of node.nodeList) {
    if (peer === node.myself) continue;
    const conn = env.connect(peer.busAddress);
    const link = { conn, node: peer, inbound: false, ctime: env.time, connected: true };
    node.addLink(link);
    peer.link = link;
  }
  node.size = specs.filter((s) => !s.slots.isEmpty).length;
  return { node, env, ids: Object.fromEntries(specs.map((s, j) => [s.name, ids[j]])) };
}

/** A message as `from` (a record in the receiver's table) would send it, with overrides. */
export function messageFrom(c: TestCluster, from: string, type: MessageType, over: Partial<BusMessage> = {}): BusMessage {
  const rec = c.node.lookup(c.ids[from]);
  if (!rec) throw new Error(`unknown ${from}`);
  const master = rec.isReplica && rec.slaveof ? rec.slaveof : rec;
  return {
    kind: 'bus',
    type,
    sender: rec.name,
    currentEpoch: c.node.currentEpoch,
    configEpoch: master.configEpoch,
    offset: 0,
    myslots: master.slots,
    slaveof: rec.isReplica && rec.slaveof ? rec.slaveof.name : null,
    flags: rec.flags & ~16,
    state: 'ok',
    mflags: 0,
    ip: rec.ip,
    port: rec.port,
    cport: rec.cport,
    gossip: [],
    ...over,
  };
}

/** Deliver `msg` to the node on the outbound link to its sender (as a reply would come). */
export function deliver(c: TestCluster, msg: BusMessage): void {
  const rec = c.node.lookup(msg.sender);
  if (!rec?.link) throw new Error('no link');
  onMessage(c.node, rec.link.conn, msg);
  beforeSleep(c.node);
}

export function rec(c: TestCluster, name: string) {
  const r = c.node.lookup(c.ids[name]);
  if (!r) throw new Error(`unknown ${name}`);
  return r;
}
