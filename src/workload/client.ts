import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import { Connection } from '../net/connection';
import { Endpoint, Network } from '../net/network';
import { ClientCommand, ClientReply, SlotRange, WireMessage } from '../redis/messages';
import { CLUSTER_SLOTS } from '../redis/slotSet';
import { History, invoked, OpRecord, Outcome } from './history';
import { Keys } from './keyspace';
import { NodePool } from './nodePool';
import { CLIENT_CPU_US, ClientThread } from './clientThread';
import { ClientSpec, readCommand, ScaleReads } from './spec';

/**
 * A cluster-aware client, as ioredis 6's Cluster behaves with the options it is given (read from its
 * source: cluster/index.js handleError, DelayQueue). A slot map from CLUSTER SLOTS, asked on a
 * connection of its own of each known node in random order until one answers within
 * slotsRefreshTimeout; commands go to the slot's master, or to a random master when the slot is
 * unknown; reads, with scaleReads, to a random replica of the slot (slave) or a random node of it
 * (all), on connections that sent READONLY (every connection to a node the map calls a replica, as
 * ioredis's pool sets them up and changes them when a refresh changes a node's role). Every error first takes one of maxRedirections (none left: the command fails). MOVED
 * updates the slot's range (ioredis shares one array among a range's slots, so the whole range
 * moves with the one slot), refreshes the map and resends at once (or after retryDelayOnMoved); ASK
 * resends at once to the node it names, after ASKING, and changes no map; TRYAGAIN
 * waits retryDelayOnTryAgain; CLUSTERDOWN and a closed connection wait retryDelayOnClusterDown and
 * retryDelayOnFailover, then a refresh of the map. Those three then resend to a random master. The
 * delays are buckets, as ioredis's DelayQueue: what arrives while a bucket waits leaves with it.
 * Other errors (NOREPLICAS) fail the command. A write with `wait` is a pipeline with its WAIT,
 * resent only when both failed alike (pipelineDone). A command timeout (commandTimeout) ends it as
 * indeterminate, without a retry or a refresh. It may still be applied, and more than that: ioredis
 * 6 leaves it in its connection's queue and its bucket, and an error it gets later (a late MOVED, a
 * closed connection) goes through handleError as before, so it is resent, redirections and all,
 * until a reply that is no error or its last redirection. Commands issued before the first map
 * wait for it. Operations come at a fixed or Poisson rate whatever the replies (an open loop). All
 * of it runs on one thread that each piece of work keeps busy for a while (ClientThread): in a
 * burst of replies, timers and invocations fire late.
 */

const CONNECTION_CLOSED = 'Connection is closed.';
const TIMED_OUT = 'Command timed out';
const HEADER_BYTES = 30;

interface Op {
  rec: OpRecord;
  /** MSET and MGET: the second key ('' for the others). */
  key2: string;
  /** Retries left, once the first error has set them (ioredis's ttl). */
  ttl: number | undefined;
  done: boolean;
  /** A write with `wait`, once sent: the ids of its SET and its WAIT as last sent, and their replies (an error, or a value) so far. */
  pipeline: Pipeline | null;
}

/** A write and its WAIT, sent as one ioredis pipeline: WAIT has no key, so only a pipeline takes it to the write's node. */
interface Pipeline {
  ids: [number, number];
  replies: [PipelineReply | null, PipelineReply | null];
}

interface PipelineReply {
  error: string | null;
  value: number | null;
}

/** A connection to a node's client port and the commands sent on it that await a reply. */
interface NodeConn {
  conn: Connection<WireMessage>;
  node: number;
  inflight: Map<number, Op>;
  /** CLUSTER SLOTS on a connection of its own, when this is one. */
  refresh: boolean;
  /** It sent READONLY (and no READWRITE since). */
  readOnly: boolean;
}

/** A slot range's nodes as CLUSTER SLOTS listed them, the master first: one per range, shared by its slots. */
interface Shard {
  master: number;
  replicas: number[];
}

export class SimClient implements Endpoint<WireMessage> {
  /** Each slot's shard (-1: unknown). */
  private readonly slots = new Int16Array(CLUSTER_SLOTS).fill(-1);
  private shards: Shard[] = [];
  private readonly pool = new NodePool();
  /** DelayQueue buckets: what waits in each, and whether it waits for a refresh of the map. */
  private readonly delayed = new Map<string, Op[]>();
  /** What runs when the refresh in progress ends (ioredis's _refreshSlotsCacheCallbacks). */
  private afterRefresh: (() => void)[] = [];
  private readonly conns: (NodeConn | null)[];
  private ready = false;
  private offline: Op[] = [];
  private nextId = 1;
  private writeSeq = 0;
  private refreshing: NodeConn | null = null;
  private refreshTries: number[] = [];
  private refreshFailures = 0;
  private periodic = false;
  /** Commands watched for commandTimeout, in invocation order, from `watchedHead` on. */
  private watched: Op[] = [];
  private watchedHead = 0;
  private timeoutArmed = false;
  private readonly writeCommand: string;
  private readonly keys: Keys;
  private readonly thread: ClientThread;
  private readonly rng: { writes: RandomStream; reads: RandomStream; keys: RandomStream; route: RandomStream; scaleReads: RandomStream };

  constructor(
    readonly spec: ClientSpec,
    readonly host: number,
    private readonly sim: Simulator,
    private readonly net: Network<WireMessage>,
    /** The client address of each node, by host. */
    private readonly addresses: string[],
    private readonly hostOfAddress: Map<string, number>,
    seed: number,
    private readonly history: History,
  ) {
    this.conns = addresses.map(() => null);
    this.thread = new ClientThread(sim);
    this.keys = new Keys(spec.name, spec.keys, spec.command === 'mset');
    this.writeCommand = spec.command.toUpperCase();
    const stream = (purpose: string): RandomStream => RandomStream.derive(seed, `client/${spec.name}/${purpose}`);
    this.rng = { writes: stream('writes'), reads: stream('reads'), keys: stream('keys'), route: stream('route'), scaleReads: stream('scale-reads') };
  }

  /** Connect (load the slot map) now, and issue operations from now until the client's end. */
  start(): void {
    this.thread.run(() => {
      for (let h = 0; h < this.addresses.length; h++) this.pool.add(h);
      this.refreshSlots(() => this.connectedFirst());
      if (this.spec.writes > 0) this.schedule('write', this.spec.writes, this.rng.writes);
      if (this.spec.reads > 0) this.schedule('read', this.spec.reads, this.rng.reads);
    });
  }

  /** Run `fn` on the client's thread at `at`, or once the thread is free after it. */
  private at(at: number, fn: () => void): void {
    this.sim.at(at, () => this.thread.run(fn));
  }

  /** The same, `delayUs` from now. */
  private after(delayUs: number, fn: () => void): void {
    this.at(this.sim.now() + delayUs, fn);
  }

  /** Write a command on a connection. */
  private write(conn: Connection<WireMessage>, cmd: ClientCommand): void {
    this.thread.charge(CLIENT_CPU_US.command);
    this.net.send(conn, this.host, cmd);
  }

  private schedule(kind: 'write' | 'read', rate: number, rng: RandomStream): void {
    const start = this.sim.now();
    let k = 0;
    let t = start;
    const next = (): void => {
      k++;
      t = this.spec.arrival === 'fixed' ? start + Math.round((k * 1e6) / rate) : t + Math.max(1, Math.round((-Math.log(1 - rng.next()) * 1e6) / rate));
      if (t < this.spec.untilUs) this.sim.at(t, onThread);
    };
    const onThread = (): void => this.thread.run(fire);
    const fire = (): void => {
      this.invoke(kind);
      next();
    };
    fire();
  }

  private invoke(kind: 'write' | 'read'): void {
    const i = this.rng.keys.int(this.keys.names.length);
    const command = kind === 'read' ? readCommand(this.spec.command) : this.writeCommand;
    const value = kind === 'write' && this.spec.command !== 'incr' ? ++this.writeSeq : 0;
    const rec = invoked(this.spec.name, kind, command, this.keys.names[i], this.keys.slots[i], value, this.sim.now());
    this.history.ops.push(rec);
    const op: Op = { rec, key2: this.keys.seconds?.[i] ?? '', ttl: undefined, done: false, pipeline: null };
    if (this.spec.policy.commandTimeout > 0) this.watchTimeout(op);
    this.dispatch(op);
  }

  /**
   * commandTimeout, with one timer for all: every command has the same timeout, so deadlines come
   * in invocation order, and the timer waits for the oldest command still open.
   */
  private watchTimeout(op: Op): void {
    this.watched.push(op);
    if (!this.timeoutArmed) this.armTimeout();
  }

  private armTimeout(): void {
    const timeoutUs = this.spec.policy.commandTimeout * 1000;
    while (this.watchedHead < this.watched.length && this.watched[this.watchedHead].done) this.watchedHead++;
    if (this.watchedHead * 2 > this.watched.length && this.watchedHead > 1024) {
      this.watched = this.watched.slice(this.watchedHead);
      this.watchedHead = 0;
    }
    const oldest = this.watched[this.watchedHead];
    this.timeoutArmed = oldest !== undefined;
    if (!oldest) return;
    this.at(oldest.rec.invokeUs + timeoutUs, () => {
      const now = this.sim.now();
      for (let i = this.watchedHead; i < this.watched.length && this.watched[i].rec.invokeUs + timeoutUs <= now; i++) this.timedOut(this.watched[i]);
      this.armTimeout();
    });
  }

  /** The timeout is an error to handleError too: it takes a redirection, so a command timed out on its last one is dropped. */
  private timedOut(op: Op): void {
    this.takeRedirection(op);
    this.complete(op, 'timeout', TIMED_OUT, -1);
  }

  /** ioredis's ttl: the first error sets the redirections left to maxRedirections, each later one takes one. Returns those left. */
  private takeRedirection(op: Op): number {
    op.ttl = op.ttl === undefined ? this.spec.policy.maxRedirections : op.ttl - 1;
    return op.ttl;
  }

  /**
   * Send (or queue until the slot map is loaded) to the node of the slot that scaleReads picks (a
   * write: its master), or (`random`, or it is unknown or not in the pool) a random node of that role.
   */
  private dispatch(op: Op, random = false): void {
    if (!this.ready) {
      this.offline.push(op);
      return;
    }
    const to = op.rec.kind === 'read' ? this.spec.policy.scaleReads : 'master';
    const node = random ? -1 : this.nodeOfSlot(op.rec.slot, to);
    this.send(op, node < 0 || !this.pool.has(node) ? this.sample(to) : node);
  }

  private nodeOfSlot(slot: number, to: ScaleReads): number {
    const shard = this.shards[this.slots[slot]];
    if (!shard) return -1;
    if (to === 'all') return this.rng.scaleReads.pick([shard.master, ...shard.replicas]);
    if (to === 'slave' && shard.replicas.length > 0) return this.rng.scaleReads.pick(shard.replicas);
    return shard.master;
  }

  /** getSampleInstance(to), or any node when the pool has none of that role. */
  private sample(to: ScaleReads): number {
    const nodes = this.pool.ofRole(to);
    return nodes.length > 0 ? this.rng.route.pick(nodes) : this.rng.route.int(this.addresses.length);
  }

  /** A redirection names `node` (ioredis's findOrCreate, as a master): it joins the pool, and its connection stops being READONLY. */
  private asMaster(node: number): void {
    this.pool.add(node, true);
    const nc = this.conns[node];
    if (nc) this.setReadOnly(nc);
  }

  /** Send `op` to `node`; `asking` (after ASK) sends ASKING before it on the same connection. A write with `wait` sends its WAIT behind it. */
  private send(op: Op, node: number, asking = false): void {
    const nc = this.connTo(node);
    if (asking) this.write(nc.conn, this.keyless('ASKING'));
    op.rec.attempts++;
    const { command, key, slot, value } = op.rec;
    const id = this.sendCommand(nc, op, command as ClientCommand['name'], key, op.key2, slot, value, 0);
    const wait = this.spec.wait;
    if (op.rec.kind !== 'write' || !wait) return;
    const waitId = this.sendCommand(nc, op, 'WAIT', '', '', slot, wait.replicas, wait.timeoutMs);
    op.pipeline = { ids: [id, waitId], replies: [null, null] };
  }

  private sendCommand(nc: NodeConn, op: Op, name: ClientCommand['name'], key: string, key2: string, slot: number, value: number, timeoutMs: number): number {
    const id = this.nextId++;
    nc.inflight.set(id, op);
    this.write(nc.conn, { kind: 'cmd', id, name, key, key2, slot, value, timeoutMs, bytes: HEADER_BYTES + key.length + key2.length });
    return id;
  }

  private connTo(node: number): NodeConn {
    const open = this.conns[node];
    if (open) return open;
    const nc = this.open(node, false);
    this.conns[node] = nc;
    this.setReadOnly(nc);
    return nc;
  }

  /** READONLY on a connection to a node the map calls a replica, READWRITE when a replica it had is now a master. */
  private setReadOnly(nc: NodeConn): void {
    const readOnly = this.pool.isReplica(nc.node);
    if (readOnly === nc.readOnly) return;
    nc.readOnly = readOnly;
    this.write(nc.conn, this.keyless(readOnly ? 'READONLY' : 'READWRITE'));
  }

  /** A command without a key (READONLY, READWRITE, CLUSTER SLOTS). */
  private keyless(name: ClientCommand['name']): ClientCommand {
    return { kind: 'cmd', id: this.nextId++, name, key: '', key2: '', slot: 0, value: 0, timeoutMs: 0, bytes: HEADER_BYTES };
  }

  /** A new connection (TCP_NODELAY, as ioredis sets it) that gives up after connectTimeout. */
  private open(node: number, refresh: boolean): NodeConn {
    const conn = this.net.connect(this.host, this.addresses[node]);
    this.net.setNoDelay(conn, this.host);
    this.net.setSegments(conn);
    const nc: NodeConn = { conn, node, inflight: new Map(), refresh, readOnly: false };
    conn.clientData = nc;
    this.after(this.spec.policy.connectTimeout * 1000, () => {
      if (conn.state === 'connecting') this.lost(nc, true);
    });
    return nc;
  }

  connected(): void {}

  accepted(): void {}

  connectFailed(conn: Connection<WireMessage>): void {
    this.thread.run(() => this.lost(conn.clientData as NodeConn, false));
  }

  closed(conn: Connection<WireMessage>): void {
    this.thread.run(() => this.lost(conn.clientData as NodeConn, false));
  }

  /** A connection is gone: its node leaves the pool, its commands fail over (ioredis: "Connection is closed."). */
  private lost(nc: NodeConn, close: boolean): void {
    if (close) this.net.close(nc.conn, this.host);
    if (nc.refresh) {
      if (this.refreshing === nc) this.nextRefreshTry();
      return;
    }
    if (this.conns[nc.node] !== nc) return;
    this.conns[nc.node] = null;
    this.pool.delete(nc.node);
    const ops = [...nc.inflight];
    nc.inflight.clear();
    for (const [id, op] of ops) this.answered(op, id, nc.node, CONNECTION_CLOSED, null);
  }

  message(conn: Connection<WireMessage>, msg: WireMessage): void {
    if (msg.kind === 'reply') this.thread.run(() => this.replyCame(conn, msg));
  }

  /** Replies read at once (one 'data' event): handled one after another in one piece of work. */
  segment(conn: Connection<WireMessage>, msgs: WireMessage[]): void {
    this.thread.run(() => {
      for (const msg of msgs) if (msg.kind === 'reply') this.replyCame(conn, msg);
    });
  }

  private replyCame(conn: Connection<WireMessage>, msg: ClientReply): void {
    this.thread.charge(CLIENT_CPU_US.reply);
    const nc = conn.clientData as NodeConn;
    if (nc.refresh) return this.slotsLoaded(nc, msg);
    const op = nc.inflight.get(msg.id);
    if (!op) return;
    nc.inflight.delete(msg.id);
    this.answered(op, msg.id, nc.node, msg.error, msg.value);
  }

  /** Command `id` of `op` got an error or a value from `node` (or its connection closed). */
  private answered(op: Op, id: number, node: number, error: string | null, value: number | null): void {
    const p = op.pipeline;
    if (!p) {
      if (error === null) this.complete(op, 'ok', '', node, value);
      else this.handleError(op, error, node);
      return;
    }
    const at = p.ids.indexOf(id);
    if (op.done || at < 0) return;
    p.replies[at] = { error, value };
    const [write, wait] = p.replies;
    if (write && wait) this.pipelineDone(op, node, write, wait);
  }

  /**
   * Pipeline.fillResult in cluster mode: it is resent (through handleError) only when every command
   * failed with the same error, as a WAIT never does unless the connection closes (it has no key, so
   * no MOVED, ASK or CLUSTERDOWN). Otherwise it is done, and any error fails the write: the real
   * driver throws the first.
   */
  private pipelineDone(op: Op, node: number, write: PipelineReply, wait: PipelineReply): void {
    if (write.error === null && wait.error === null) return this.complete(op, 'ok', '', node, wait.value);
    if (write.error !== null && write.error === wait.error) return this.handleError(op, write.error, node);
    const error = (write.error ?? wait.error) as string;
    this.complete(op, error === TIMED_OUT ? 'timeout' : 'fail', error, node);
  }

  /** ioredis's handleError, for a command still open or one that timed out (its record no longer changes). */
  private handleError(op: Op, error: string, node: number): void {
    this.thread.charge(CLIENT_CPU_US.error);
    if (this.takeRedirection(op) <= 0) return this.complete(op, 'fail', `Too many Cluster redirections. Last error: ${error}`, node);
    if (!op.done) op.rec.error = error;
    const p = this.spec.policy;
    // The error's first word; a MOVED or ASK names its slot and the node's address after it.
    const space = error.indexOf(' ');
    const code = space < 0 ? error : error.slice(0, space);
    const slotEnd = error.indexOf(' ', space + 1);
    if (code === 'MOVED') {
      const to = this.hostOf(error.slice(slotEnd + 1));
      this.moved(Number(error.slice(space + 1, slotEnd)), to);
      this.asMaster(to);
      if (p.retryDelayOnMoved > 0) this.delay('moved', op, p.retryDelayOnMoved, false, false);
      else this.dispatch(op);
      this.refreshSlots();
    } else if (code === 'ASK') {
      const to = this.hostOf(error.slice(slotEnd + 1));
      this.asMaster(to);
      this.send(op, to, true);
    } else if (code === 'TRYAGAIN') this.delay('tryagain', op, p.retryDelayOnTryAgain, false, true);
    else if (code === 'CLUSTERDOWN' && p.retryDelayOnClusterDown > 0) this.delay('clusterdown', op, p.retryDelayOnClusterDown, true, true);
    else if (error === CONNECTION_CLOSED && p.retryDelayOnFailover > 0 && this.ready) this.delay('failover', op, p.retryDelayOnFailover, true, true);
    else this.complete(op, 'fail', error, node);
  }

  private hostOf(address: string): number {
    return this.hostOfAddress.get(address) ?? -1;
  }

  /**
   * DelayQueue.push: the bucket's first command starts its timer; when it fires (and, with
   * `refresh`, the map has been refreshed) everything in the bucket is resent.
   */
  private delay(bucket: string, op: Op, delayMs: number, refresh: boolean, random: boolean): void {
    const waiting = this.delayed.get(bucket);
    if (waiting) {
      waiting.push(op);
      return;
    }
    this.delayed.set(bucket, [op]);
    const release = (): void => {
      const ops = this.delayed.get(bucket) ?? [];
      this.delayed.delete(bucket);
      for (const o of ops) this.dispatch(o, random);
    };
    this.after(delayMs * 1000, () => (refresh ? this.refreshSlots(release) : release()));
  }

  private complete(op: Op, outcome: Outcome, error: string, node: number, result: number | null = null): void {
    if (op.done) return;
    op.done = true;
    const rec = op.rec;
    rec.completeUs = this.sim.now();
    rec.outcome = outcome;
    rec.error = error;
    if (node >= 0) rec.node = node;
    rec.result = result;
  }

  /** refreshSlotsCache: one at a time; the known nodes in random order until one answers; then `then`. */
  private refreshSlots(then?: () => void): void {
    if (then) this.afterRefresh.push(then);
    if (this.refreshing) return;
    const nodes = this.pool.size > 0 ? this.pool.nodes() : this.addresses.map((_, h) => h);
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = this.rng.route.int(i + 1);
      [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
    }
    this.refreshTries = nodes;
    this.nextRefreshTry();
  }

  private nextRefreshTry(): void {
    if (this.refreshing) this.net.close(this.refreshing.conn, this.host);
    this.refreshing = null;
    const node = this.refreshTries.shift();
    if (node === undefined) return this.refreshEnded();
    const nc = this.open(node, true);
    this.refreshing = nc;
    this.write(nc.conn, this.keyless('CLUSTER SLOTS'));
    this.after(this.spec.policy.slotsRefreshTimeout * 1000, () => {
      if (this.refreshing === nc) this.nextRefreshTry();
    });
  }

  /** The refresh is over, with a new map or none (every node failed): what waited for it runs. */
  private refreshEnded(): void {
    const waiting = this.afterRefresh.splice(0);
    for (const fn of waiting) fn();
  }

  /**
   * The first refresh ended. With a map the client is ready and sends what it queued; without one
   * ioredis reconnects after clusterRetryStrategy.
   */
  private connectedFirst(): void {
    if (this.ready) {
      const waiting = this.offline.splice(0);
      for (const op of waiting) this.dispatch(op);
      return;
    }
    const delayMs = Math.min(100 + ++this.refreshFailures * 2, 2000);
    this.after(delayMs * 1000, () => this.refreshSlots(() => this.connectedFirst()));
  }

  private slotsLoaded(nc: NodeConn, reply: ClientReply): void {
    if (this.refreshing !== nc) return;
    this.net.close(nc.conn, this.host);
    this.refreshing = null;
    if (reply.error !== null || !reply.slots) return this.nextRefreshTry();
    this.applySlots(reply.slots);
    this.ready = true;
    this.refreshEnded();
  }

  /** MOVED: the slot's shard gets the new master (so every slot of its range does); an unknown slot gets a shard of its own. */
  private moved(slot: number, to: number): void {
    const shard = this.shards[this.slots[slot]];
    if (shard) shard.master = to;
    else this.slots[slot] = this.shards.push({ master: to, replicas: [] }) - 1;
  }

  private applySlots(ranges: SlotRange[]): void {
    this.slots.fill(-1);
    this.shards = [];
    this.pool.clear();
    for (const r of ranges) {
      const node = this.hostOf(r.master);
      if (node < 0) continue;
      const replicas = r.replicas.map((a) => this.hostOf(a)).filter((h) => h >= 0);
      this.slots.fill(this.shards.push({ master: node, replicas }) - 1, r.start, r.end + 1);
      this.pool.add(node, true);
      for (const replica of replicas) this.pool.add(replica);
    }
    for (const nc of this.conns) if (nc) this.setReadOnly(nc);
    if (this.spec.policy.slotsRefreshInterval > 0 && !this.periodic) {
      this.periodic = true;
      const tick = (): void => {
        this.refreshSlots();
        this.after(this.spec.policy.slotsRefreshInterval * 1000, tick);
      };
      this.after(this.spec.policy.slotsRefreshInterval * 1000, tick);
    }
  }
}
