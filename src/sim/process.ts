import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import { Connection } from '../net/connection';
import { Endpoint, Network } from '../net/network';
import { ProcessState } from '../journal/journal';
import { ConnHandle, NodeEnv } from '../redis/env';
import { beforeSleep, onAccepted, onClosed, onConnected, onConnectFailed, onMessage, startNode } from '../redis/eventLoop';
import { NodeEvent } from '../redis/trace';
import { WireMessage } from '../redis/messages';
import { RedisNode } from '../redis/nodeState';
import { NodeClock } from './clock';

/**
 * The operating-system process of one node: it runs, is stopped (SIGSTOP: the kernel still accepts
 * connections and buffers data, and what waits is handled on SIGCONT), or is dead. It gives the
 * node model its environment and shields it from the engine and the network.
 *
 * Each event is one iteration of Redis's event loop (aeProcessEvents): the event, then
 * clusterBeforeSleep; what the iteration wrote leaves at its end (Redis writes cluster links from
 * their write handlers), after any fsync it blocked on. On SIGCONT, and after such a block, everything
 * ready is one iteration, in the order ae has it: every socket event the kernel buffered (in arrival
 * order), then the overdue timers, then beforeSleep.
 */
export class NodeProcess implements Endpoint<WireMessage>, NodeEnv {
  state: ProcessState = 'dead';
  node: RedisNode | null = null;
  readonly clock = new NodeClock();
  /** Socket events (file events) and timers that came due while paused or blocked, handled on resume. */
  private pendingFiles: (() => void)[] = [];
  private pendingTimers: (() => void)[] = [];
  /** What the current iteration wrote, in order (connection, message, ...), while `iterating`. */
  private readonly outbox: (ConnHandle | WireMessage)[] = [];
  private iterating = false;
  /** How long the current iteration blocks (fsync), and until when the process is blocked. */
  private stallMs = 0;
  private blockedUntil = -1;
  /** Bumped at each start, so timers and callbacks of a previous life are ignored. */
  private life = 0;
  /** Where in the cron cycle its first start falls, when the host started it with others (startPhases); null: its own draw. */
  cronPhaseUs: number | null = null;

  constructor(
    readonly host: number,
    readonly name: string,
    private readonly sim: Simulator,
    private readonly net: Network<WireMessage>,
    readonly random: RandomStream,
    readonly wakeRandom: RandomStream,
    private readonly journal: (host: number, ev: NodeEvent) => void,
    private readonly afterDispatch: (host: number) => void,
  ) {}

  now(): number {
    return this.clock.nowMs(this.sim.now());
  }

  setTimer(delayMs: number, fn: () => void): unknown {
    const life = this.life;
    return this.sim.after(this.clock.toVirtual(delayMs), () => {
      if (life === this.life) this.dispatch(fn, true);
    });
  }

  connect(address: string): ConnHandle {
    return this.net.connect(this.host, address);
  }

  send(conn: ConnHandle, msg: WireMessage): void {
    if (this.iterating) this.outbox.push(conn, msg);
    else this.net.send(conn as Connection<WireMessage>, this.host, msg);
  }

  stall(ms: number): void {
    this.stallMs += ms;
  }

  setNoDelay(conn: ConnHandle): void {
    this.net.setNoDelay(conn as Connection<WireMessage>, this.host);
  }

  close(conn: ConnHandle): void {
    // What was written before the close leaves before the FIN.
    this.sendAll(this.outbox.splice(0));
    this.net.close(conn as Connection<WireMessage>, this.host);
  }

  attach(conn: ConnHandle, value: object | null): void {
    const c = conn as Connection<WireMessage>;
    if (c.client === this.host) c.clientData = value;
    else c.serverData = value;
  }

  attached(conn: ConnHandle): object | null {
    const c = conn as Connection<WireMessage>;
    return c.client === this.host ? c.clientData : c.serverData;
  }

  emit(ev: NodeEvent): void {
    this.journal(this.host, ev);
  }

  /**
   * Start (or restart) the process with a node model built by `create`. It listens and runs its
   * event loop after `startupMs` (loading, initialisation); connections before that are refused.
   */
  start(create: (env: NodeEnv) => RedisNode, restart: boolean, startupMs = 0): void {
    this.life++;
    this.dropPending();
    this.state = 'running';
    const ready = (): void => {
      this.net.setHostUp(this.host, true);
      this.node = create(this);
      startNode(this.node, restart, this.cronPhaseUs);
      this.afterDispatch(this.host);
    };
    if (startupMs > 0) this.setTimer(startupMs, ready);
    else ready();
  }

  /**
   * SIGKILL (or, `graceful`, an exit after SHUTDOWN): the process is gone, pending work is lost.
   * The kernel closes its sockets: what they had sent is still delivered, then a FIN, as after an
   * exit, unless they held data it had not read (it was stopped or blocked with socket events
   * waiting), when Linux resets them. So a reply held across a cut reaches its peer after the heal.
   */
  crash(graceful = false): void {
    const unread = this.pendingFiles.length > 0;
    this.life++;
    this.dropPending();
    this.state = 'dead';
    this.net.resetHost(this.host, graceful || !unread);
  }

  pause(): void {
    if (this.state === 'running') this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    if (!this.blocked()) this.runPending();
  }

  /** Everything that waited, as one iteration. */
  private runPending(): void {
    const work = [...this.pendingFiles, ...this.pendingTimers];
    this.dropPending();
    this.run(() => {
      for (const fn of work) fn();
    });
  }

  /** A command from a client (CLUSTER FAILOVER): one iteration, like a socket event. */
  command<T>(fn: (node: RedisNode) => T): T {
    const node = this.node as RedisNode;
    let out: T | undefined;
    this.run(() => (out = fn(node)));
    return out as T;
  }

  private dropPending(): void {
    this.pendingFiles = [];
    this.pendingTimers = [];
    this.blockedUntil = -1;
  }

  /** Run `fn` in the node now, later (paused), or never (dead). */
  private dispatch(fn: () => void, timer = false): void {
    if (this.state === 'running' && !this.blocked()) this.run(fn);
    else if (this.state !== 'dead') (timer ? this.pendingTimers : this.pendingFiles).push(fn);
  }

  /** When what this process is sent now is answered: at once, or when the block it is in ends. */
  repliesAt(): number {
    return Math.max(this.sim.now(), this.blockedUntil);
  }

  private blocked(): boolean {
    return this.blockedUntil > this.sim.now();
  }

  /** One event-loop iteration: the events, then beforeSleep; work beforeSleep deferred again runs at once. */
  private run(fn: () => void): void {
    this.iterating = true;
    fn();
    this.endIteration();
  }

  private endIteration(): void {
    if (this.node && this.state === 'running' && beforeSleep(this.node)) this.setTimer(0, () => {});
    const stall = this.stallMs;
    this.stallMs = 0;
    if (stall > 0 && this.state === 'running') this.block(stall);
    else this.flush();
    this.afterDispatch(this.host);
  }

  /** Send what this iteration wrote. */
  private flush(): void {
    this.iterating = false;
    this.sendAll(this.outbox);
    this.outbox.length = 0;
  }

  private sendAll(out: (ConnHandle | WireMessage)[]): void {
    for (let i = 0; i < out.length; i += 2) this.net.send(out[i] as Connection<WireMessage>, this.host, out[i + 1] as WireMessage);
  }

  /** The process blocks for `ms`: its writes leave at the end, and events that arrive meanwhile wait. */
  private block(ms: number): void {
    this.iterating = false;
    const out = this.outbox.splice(0);
    const life = this.life;
    const delay = this.clock.toVirtual(ms);
    this.blockedUntil = this.sim.now() + delay;
    this.sim.after(delay, () => {
      if (life !== this.life) return;
      this.sendAll(out);
      if (this.state === 'running' && this.pendingFiles.length + this.pendingTimers.length > 0) this.runPending();
    });
  }

  private deliver(fn: (node: RedisNode) => void): void {
    const life = this.life;
    this.dispatch(() => {
      if (life === this.life && this.node) fn(this.node);
    });
  }

  connected(conn: Connection<WireMessage>): void {
    this.deliver((n) => onConnected(n, conn));
  }

  connectFailed(conn: Connection<WireMessage>): void {
    this.deliver((n) => onConnectFailed(n, conn));
  }

  accepted(conn: Connection<WireMessage>): void {
    this.deliver((n) => onAccepted(n, conn));
  }

  message(conn: Connection<WireMessage>, msg: WireMessage): void {
    // Every bus message comes this way: a running node takes it at once, without a closure.
    if (this.state === 'running' && this.node && !this.blocked()) {
      this.iterating = true;
      onMessage(this.node, conn, msg);
      this.endIteration();
    } else this.deliver((n) => onMessage(n, conn, msg));
  }

  /** A client's pipeline: one read, so one iteration, whose replies leave together at its end. */
  segment(conn: Connection<WireMessage>, msgs: WireMessage[]): void {
    this.deliver((n) => {
      for (const msg of msgs) onMessage(n, conn, msg);
    });
  }

  closed(conn: Connection<WireMessage>): void {
    this.deliver((n) => onClosed(n, conn));
  }
}
