import { Simulator } from '../engine/simulator';
import { Micros } from '../engine/time';
import { Connection, Direction } from './connection';
import { HostConnections } from './hostConnections';
import { sampleLatency } from './latency';
import { LinkConfig } from './linkConfig';
import { LinkState, LinkTable } from './linkTable';
import { Segment } from './segment';
import { TrafficStats } from './stats';
import { DELAYED_ACK_US, lossDelay, nextRetransmission, TCP_GIVE_UP_US, TCP_RTO_INITIAL_US, TCP_RTO_MAX_US, TCP_SEND_BUFFER_BYTES, TCP_SYN_GIVE_UP_US, TCP_SYN_RETRY_INITIAL_US } from './tcp';

/** What the network needs to know about a message: its type name and size on the wire. */
export interface MessageInfo {
  type: string;
  bytes: number;
}

/** The callbacks of a host's network stack. */
export interface Endpoint<M> {
  connected(conn: Connection<M>): void;
  connectFailed(conn: Connection<M>): void;
  accepted(conn: Connection<M>): void;
  message(conn: Connection<M>, msg: M): void;
  /** Messages that arrived in one segment, in order, read at once (connections with segments). */
  segment(conn: Connection<M>, msgs: M[]): void;
  closed(conn: Connection<M>): void;
}

/** One message's journey, kept when tracing is on. `deliveredUs` is -1 until delivery. */
export interface MessageRecord<M> {
  sentUs: Micros;
  deliveredUs: Micros;
  dropped: boolean;
  from: number;
  to: number;
  info: MessageInfo;
  msg: M;
}

/**
 * A simulated TCP network between hosts. Fault model: per-direction latency and loss (retransmitted
 * or dropped), per-host egress bandwidth, directed partitions during which segments and SYNs do not
 * pass (held for retransmission, delivered after a heal while the connection lives), and host resets
 * (a dead host's connections are reset and connects to it are refused). Generic over the message type.
 *
 * Nagle and delayed ACKs, as Linux has them: on a socket without TCP_NODELAY, a message waits while
 * earlier data is unacknowledged, and leaves with whatever queued behind it once the ACK arrives. A
 * receiver acknowledges with its next data on the connection, at once when two messages are
 * unacknowledged (one full segment's worth), or when its delayed-ACK timer (40 ms, Linux's minimum,
 * as loopback's round trip is far below it) fires. Messages fit in one segment (loopback's MSS).
 */
export class Network<M> {
  readonly stats: TrafficStats;
  trace: MessageRecord<M>[] | undefined;
  private readonly endpoints: Endpoint<M>[] = [];
  private readonly addresses = new Map<string, number>();
  private readonly hostUp: boolean[];
  private readonly links: LinkTable;
  private readonly connsByHost: HostConnections<M>[];
  private readonly stalled = new Set<Direction<M>>();
  private readonly hungConnects = new Set<Connection<M>>();
  private readonly egressFreeAt: number[];
  /** Egress bandwidth per host in bytes per second; 0 is unlimited. */
  readonly bandwidth: number[];
  /**
   * Where each host stands in partitions: itself, or (a client placed near a node) that node's host.
   * A cut between two hosts' anchors cuts them; hosts with one anchor always reach each other.
   */
  private readonly anchor: number[];
  /** The receiver's delayed-ACK timeout; 0 acknowledges every message at once. */
  delayedAckUs = DELAYED_ACK_US;
  private nextConnId = 1;

  constructor(
    private readonly sim: Simulator,
    readonly hosts: number,
    private readonly describe: (msg: M) => MessageInfo,
    linkFactory: (from: number, to: number) => LinkState,
  ) {
    this.stats = new TrafficStats(hosts);
    this.hostUp = new Array<boolean>(hosts).fill(false);
    this.links = new LinkTable(hosts, linkFactory);
    this.connsByHost = Array.from({ length: hosts }, () => new HostConnections<M>());
    this.egressFreeAt = new Array<number>(hosts).fill(0);
    this.bandwidth = new Array<number>(hosts).fill(0);
    this.anchor = Array.from({ length: hosts }, (_, h) => h);
  }

  /** Place `host` beside `near`: partitions cut it where they cut `near`. */
  placeNear(host: number, near: number): void {
    this.anchor[host] = near;
  }

  attach(host: number, endpoint: Endpoint<M>, addresses: string[]): void {
    this.endpoints[host] = endpoint;
    for (const a of addresses) this.addresses.set(a, host);
  }

  /** Whether a process listens on `host` (false after a crash, true again after a restart). */
  setHostUp(host: number, up: boolean): void {
    this.hostUp[host] = up;
  }

  linkConfig(from: number, to: number): LinkConfig {
    return this.links.config(from, to);
  }

  /** Replace the config of the link from `from` to `to` (configs are shared, never edited). */
  setLinkConfig(from: number, to: number, config: LinkConfig): void {
    this.links.setConfig(from, to, config);
  }

  isBlocked(from: number, to: number): boolean {
    const a = this.anchor[from];
    const b = this.anchor[to];
    return a !== b && this.links.isBlocked(a, b);
  }

  /** Stop packets from `from` reaching `to` (one way). */
  block(from: number, to: number): void {
    this.links.block(from, to);
  }

  /** Let packets from `from` reach `to` again; held segments and SYNs are retransmitted. */
  unblock(from: number, to: number): void {
    if (!this.links.unblock(from, to)) return;
    const now = this.sim.now();
    const anchor = this.anchor;
    for (const dir of [...this.stalled]) {
      if (anchor[dir.from] === from && anchor[dir.to] === to) this.releaseHeld(dir, now);
    }
    for (const conn of [...this.hungConnects]) {
      const c = anchor[conn.client];
      const sv = anchor[conn.server];
      const pair = (c === from && sv === to) || (c === to && sv === from);
      if (pair && !this.isBlocked(conn.client, conn.server) && !this.isBlocked(conn.server, conn.client)) {
        this.hungConnects.delete(conn);
        conn.hung = false;
        const t = nextRetransmission(conn.synSince, now, TCP_SYN_RETRY_INITIAL_US, TCP_SYN_GIVE_UP_US);
        this.sim.at(t, () => this.handshake(conn));
      }
    }
  }

  /** Open a connection from `client` to whoever listens on `address`. */
  connect(client: number, address: string): Connection<M> {
    const server = this.addresses.get(address) ?? -1;
    const conn = new Connection<M>(this.nextConnId++, client, server, address);
    this.connsByHost[client].add(conn);
    if (server < 0) {
      this.sim.after(1, () => this.failConnect(conn));
    } else if (this.isBlocked(client, server) || this.isBlocked(server, client)) {
      this.hang(conn);
    } else {
      this.handshake(conn);
    }
    return conn;
  }

  private hang(conn: Connection<M>): void {
    conn.hung = true;
    conn.synSince = this.sim.now();
    this.hungConnects.add(conn);
    this.sim.after(TCP_SYN_GIVE_UP_US, () => {
      if (conn.hung && conn.state === 'connecting') {
        this.hungConnects.delete(conn);
        this.failConnect(conn);
      }
    });
  }

  /** SYN to the server, then SYN-ACK back: the server accepts at once, the client learns a round trip later. */
  private handshake(conn: Connection<M>): void {
    const { client, server } = conn;
    this.sim.after(this.oneWay(client, server), () => {
      if (conn.state !== 'connecting') return;
      if (!this.hostUp[server]) {
        this.sim.after(this.oneWay(server, client), () => this.failConnect(conn));
        return;
      }
      conn.accepted = true;
      this.connsByHost[server].add(conn);
      this.endpoints[server].accepted(conn);
      this.sim.after(this.oneWay(server, client), () => this.establish(conn));
    });
  }

  private establish(conn: Connection<M>): void {
    if (conn.state !== 'connecting') return;
    conn.state = 'open';
    this.endpoints[conn.client].connected(conn);
    const queued = conn.queuedWhileConnecting;
    conn.queuedWhileConnecting = null;
    for (const msg of queued ?? []) this.transmit(conn.toServer, msg, this.describe(msg));
  }

  private failConnect(conn: Connection<M>): void {
    if (conn.state !== 'connecting') return;
    conn.state = 'closed';
    this.forget(conn);
    const queued = conn.queuedWhileConnecting ?? [];
    conn.queuedWhileConnecting = null;
    for (const msg of queued) {
      const info = this.describe(msg);
      this.stats.count('dropped', info.type, info.bytes, conn.client, conn.server);
      this.record(conn.client, conn.server, msg, info, true);
    }
    this.endpoints[conn.client].connectFailed(conn);
  }

  /** `host` sets TCP_NODELAY on its side of `conn`: what it sends is never held by Nagle. */
  setNoDelay(conn: Connection<M>, host: number): void {
    conn.outgoing(host).nagle = false;
  }

  /**
   * What each side of `conn` writes at one instant travels as one segment and is read at once, as
   * on loopback a pipeline arrives whole in the server's read and its replies in the client's. Only
   * on sockets with TCP_NODELAY.
   */
  setSegments(conn: Connection<M>): void {
    conn.toServer.segments = true;
    conn.toClient.segments = true;
  }

  /** Send `msg` from `host` on `conn`. On a connection still connecting, the client's messages wait for it. */
  send(conn: Connection<M>, host: number, msg: M): void {
    const info = this.describe(msg);
    this.stats.count('sent', info.type, info.bytes, host, conn.peerOf(host), Math.floor(this.sim.now() / 1_000_000));
    if (conn.state === 'closed') {
      this.stats.count('dropped', info.type, info.bytes, host, conn.peerOf(host));
      this.record(host, conn.peerOf(host), msg, info, true);
      return;
    }
    if (conn.state === 'connecting') (conn.queuedWhileConnecting ??= []).push(msg);
    else this.transmit(conn.outgoing(host), msg, info);
  }

  private transmit(dir: Direction<M>, msg: M, info: MessageInfo): void {
    if (dir.nagle) {
      if (dir.unacked > 0) {
        (dir.nagleQueue ??= []).push(msg);
        return;
      }
      dir.unacked++;
    }
    this.transmitNow(dir, msg, info);
  }

  /** Put `msg` on the wire; what the sender owes the peer in acknowledgements rides with it. */
  private transmitNow(dir: Direction<M>, msg: M, info: MessageInfo): void {
    const now = this.sim.now();
    if (dir.held !== null || this.isBlocked(dir.from, dir.to)) {
      this.hold(dir, msg, now);
      return;
    }
    if (dir.segmentSentAt === now && dir.lastSegment !== null) {
      dir.lastSegment.join(msg, info, this.record(dir.from, dir.to, msg, info, false));
      return;
    }
    const key = this.links.key(dir.from, dir.to);
    const config = this.links.configs[key] as LinkConfig;
    const rng = this.links.rng(key);
    if (config.lossMode === 'drop' && rng.chance(config.loss)) {
      this.count('dropped', dir, info, this.record(dir.from, dir.to, msg, info, true));
      this.lostUnacked(dir);
      return;
    }
    const departure = this.egress(dir.from, info.bytes, now);
    const retransmitDelay = config.lossMode === 'tcp' ? lossDelay(config.loss, rng) : 0;
    if (retransmitDelay < 0) {
      this.giveUp(dir, now, info, this.record(dir.from, dir.to, msg, info, true));
      return;
    }
    const arrival = Math.max(departure + sampleLatency(config.latency, rng) + retransmitDelay, dir.lastArrival);
    dir.lastArrival = arrival;
    const rec = this.record(dir.from, dir.to, msg, info, false);
    const back = dir.conn.outgoing(dir.to);
    const acks = back.toAck;
    back.toAck = 0;
    if (dir.segments && this.bandwidth[dir.from] <= 0 && config.duplicate <= 0) {
      const segment = new Segment(msg, info, rec);
      dir.lastSegment = segment;
      dir.segmentSentAt = now;
      this.sim.at(arrival, () => this.arriveSegment(dir, segment, acks));
    } else this.sim.at(arrival, () => this.arrive(dir, msg, info, rec, false, acks));
    if (config.lossMode === 'drop' && rng.chance(config.duplicate)) {
      this.sim.at(arrival + 1, () => this.arrive(dir, msg, info, undefined, true));
    }
  }

  /**
   * Every retransmission of a segment was lost: it never arrives, nothing behind it passes, and
   * when the kernel gives up the connection is reset on both sides (ETIMEDOUT).
   */
  private giveUp(dir: Direction<M>, now: number, info: MessageInfo, rec: MessageRecord<M> | undefined): void {
    this.count('dropped', dir, info, rec);
    if (dir.givenUp) return;
    dir.givenUp = true;
    dir.lastArrival = Math.max(dir.lastArrival, now + TCP_GIVE_UP_US);
    this.sim.at(now + TCP_GIVE_UP_US, () => {
      const conn = dir.conn;
      if (conn.state === 'closed') return;
      dir.receiverGone = true;
      this.close(conn, dir.from, true);
      this.endpoints[dir.from].closed(conn);
      this.endpoints[dir.to].closed(conn);
    });
  }

  /**
   * A segment of several messages: the receiver reads them at once. Across a cut, or to a receiver
   * gone, each meets the fate of a message of its own.
   */
  private arriveSegment(dir: Direction<M>, segment: Segment<M>, acks: number): void {
    if (segment.size === 1) return this.arrive(dir, segment.msg, segment.info, segment.rec, false, acks);
    const [msgs, infos, recs] = [segment.messages(), segment.infos(), segment.recs()];
    if (dir.receiverGone || dir.held !== null || this.isBlocked(dir.from, dir.to)) {
      for (let i = 0; i < msgs.length; i++) this.arrive(dir, msgs[i], infos[i], recs[i]);
      return;
    }
    for (let i = 0; i < msgs.length; i++) this.count('delivered', dir, infos[i], recs[i]);
    this.endpoints[dir.to].segment(dir.conn, msgs);
  }

  private egress(host: number, bytes: number, now: number): number {
    const bw = this.bandwidth[host];
    if (bw <= 0) return now;
    const start = Math.max(now, this.egressFreeAt[host]);
    const end = start + Math.ceil((bytes * 1e6) / bw);
    this.egressFreeAt[host] = end;
    return end;
  }

  /**
   * `copy`: a duplicate made by the link (drop mode), counted as such and never as sent, delivered or
   * dropped. `acks`: messages of the other direction this segment acknowledges.
   */
  private arrive(dir: Direction<M>, msg: M, info: MessageInfo, rec: MessageRecord<M> | undefined, copy = false, acks = 0): void {
    if (dir.receiverGone) {
      if (!copy) this.count('dropped', dir, info, rec);
      return;
    }
    if (dir.held !== null || this.isBlocked(dir.from, dir.to)) {
      if (this.linkConfig(dir.from, dir.to).lossMode === 'tcp') this.hold(dir, msg, this.sim.now());
      else if (!copy) {
        this.count('dropped', dir, info, rec);
        this.lostUnacked(dir);
      }
      return;
    }
    if (acks > 0) this.acknowledged(dir.conn.outgoing(dir.to), acks);
    this.count(copy ? 'duplicated' : 'delivered', dir, info, rec);
    if (!dir.nagle || copy) {
      this.endpoints[dir.to].message(dir.conn, msg);
      return;
    }
    dir.toAck++;
    this.endpoints[dir.to].message(dir.conn, msg);
    if (dir.toAck >= 2 || this.delayedAckUs === 0) this.sendAck(dir);
    else if (dir.toAck > 0 && !dir.delackArmed) this.armDelayedAck(dir, this.delayedAckUs);
  }

  private armDelayedAck(dir: Direction<M>, delay: number): void {
    dir.delackArmed = true;
    this.sim.after(delay, () => {
      dir.delackArmed = false;
      if (dir.toAck > 0) this.sendAck(dir);
    });
  }

  /** A bare ACK from the receiver of `dir` back to its sender; across a cut it waits for a retransmission. */
  private sendAck(dir: Direction<M>): void {
    if (dir.receiverGone || dir.conn.state === 'closed') return;
    if (this.isBlocked(dir.to, dir.from)) {
      if (!dir.delackArmed) this.armDelayedAck(dir, TCP_RTO_INITIAL_US);
      return;
    }
    const n = dir.toAck;
    dir.toAck = 0;
    const latency = Math.max(1, this.linkConfig(dir.to, dir.from).latency.base);
    this.sim.after(latency, () => this.acknowledged(dir, n));
  }

  /** The sender of `dir` learns that `n` more of its messages arrived; Nagle lets the queue go when none is outstanding. */
  private acknowledged(dir: Direction<M>, n: number): void {
    dir.unacked = Math.max(0, dir.unacked - n);
    if (dir.unacked === 0 && dir.nagleQueue !== null) this.flushNagle(dir);
  }

  /** A message that will never arrive (drop-mode loss) is no longer waited for. */
  private lostUnacked(dir: Direction<M>): void {
    if (dir.nagle) this.acknowledged(dir, 1);
  }

  /** Everything Nagle held leaves at once, as one segment. */
  private flushNagle(dir: Direction<M>): void {
    const queued = dir.nagleQueue ?? [];
    dir.nagleQueue = null;
    dir.unacked += queued.length;
    for (const msg of queued) this.transmitNow(dir, msg, this.describe(msg));
  }

  private hold(dir: Direction<M>, msg: M, now: number): void {
    if (dir.heldSince < 0) dir.heldSince = now;
    (dir.held ??= []).push(msg);
    this.stalled.add(dir);
  }

  /** After a heal: retransmit held segments at the next back-off instant, then any pending FIN. */
  private releaseHeld(dir: Direction<M>, now: number): void {
    this.stalled.delete(dir);
    const t = nextRetransmission(dir.heldSince, now, TCP_RTO_INITIAL_US, TCP_RTO_MAX_US);
    const held = dir.held ?? [];
    dir.held = null;
    dir.heldSince = -1;
    for (const msg of held) {
      const arrival = Math.max(t + this.oneWay(dir.from, dir.to), dir.lastArrival);
      dir.lastArrival = arrival;
      const info = this.describe(msg);
      const rec = this.record(dir.from, dir.to, msg, info, false);
      this.sim.at(arrival, () => this.arrive(dir, msg, info, rec));
    }
    if (dir.finPending) this.scheduleFin(dir, t);
  }

  /**
   * Close `conn` from `host`'s side. A graceful close still delivers what was sent (the kernel keeps
   * retransmitting it), up to `keptBytes` of what a cut holds back; an abort (a reset) discards what
   * had not got through.
   */
  close(conn: Connection<M>, host: number, abort = false, keptBytes = Infinity): void {
    if (conn.state === 'closed') return;
    // A FIN pushes out what Nagle held; an abort loses it.
    if (!abort && conn.outgoing(host).nagleQueue !== null) this.flushNagle(conn.outgoing(host));
    const wasConnecting = conn.state === 'connecting';
    conn.state = 'closed';
    this.forget(conn);
    const peer = conn.peerOf(host);
    const incoming = conn.outgoing(peer);
    incoming.receiverGone = true;
    this.discardHeld(incoming);
    this.stalled.delete(incoming);
    const peerKnows = host === conn.client ? conn.accepted : !wasConnecting || conn.accepted;
    if (!peerKnows || peer < 0) return;
    const outgoing = conn.outgoing(host);
    if (abort) {
      this.discardHeld(outgoing);
      this.stalled.delete(outgoing);
    } else this.trimHeld(outgoing, keptBytes);
    outgoing.finPending = true;
    if (outgoing.held === null && !this.isBlocked(host, peer)) this.scheduleFin(outgoing, this.sim.now());
    else this.stalled.add(outgoing);
  }

  /** Of the segments held across a partition, those beyond the first `bytes` are lost. */
  private trimHeld(dir: Direction<M>, bytes: number): void {
    const held = dir.held;
    if (held === null) return;
    let kept = 0;
    let total = 0;
    while (kept < held.length && (total += this.describe(held[kept]).bytes) <= bytes) kept++;
    for (const msg of held.splice(kept)) {
      const info = this.describe(msg);
      this.stats.count('dropped', info.type, info.bytes, dir.from, dir.to);
    }
    if (held.length === 0) dir.held = null;
  }

  /** Segments held across a partition on a connection that is going away: they are lost. */
  private discardHeld(dir: Direction<M>): void {
    for (const msg of [...(dir.held ?? []), ...(dir.nagleQueue ?? [])]) {
      const info = this.describe(msg);
      this.stats.count('dropped', info.type, info.bytes, dir.from, dir.to);
    }
    dir.held = null;
    dir.nagleQueue = null;
  }

  private scheduleFin(dir: Direction<M>, from: number): void {
    dir.finPending = false;
    const at = Math.max(from + this.oneWay(dir.from, dir.to), dir.lastArrival);
    this.sim.at(at, () => {
      if (!dir.receiverGone) this.endpoints[dir.to].closed(dir.conn);
    });
  }

  private forget(conn: Connection<M>): void {
    this.connsByHost[conn.client].closed();
    if (conn.accepted) this.connsByHost[conn.server].closed();
    this.hungConnects.delete(conn);
  }

  /**
   * The process on `host` is gone and stops listening: its connections are reset and what they had
   * not delivered is lost; or (`graceful`) the kernel closes them and still delivers what their
   * send buffers held.
   */
  resetHost(host: number, graceful = false): void {
    this.hostUp[host] = false;
    for (const conn of this.connsByHost[host].live()) this.close(conn, host, !graceful, TCP_SEND_BUFFER_BYTES);
  }

  private oneWay(from: number, to: number): number {
    return this.links.oneWay(from, to);
  }

  private count(outcome: 'delivered' | 'dropped' | 'duplicated', dir: Direction<M>, info: MessageInfo, rec: MessageRecord<M> | undefined): void {
    this.stats.count(outcome, info.type, info.bytes, dir.from, dir.to);
    if (!rec) return;
    if (outcome === 'delivered') rec.deliveredUs = this.sim.now();
    else rec.dropped = true;
  }

  private record(from: number, to: number, msg: M, info: MessageInfo, dropped: boolean): MessageRecord<M> | undefined {
    if (!this.trace) return undefined;
    const rec: MessageRecord<M> = { sentUs: this.sim.now(), deliveredUs: -1, dropped, from, to, info, msg };
    this.trace.push(rec);
    return rec;
  }
}
