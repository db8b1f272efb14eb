import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import { Connection } from '../net/connection';
import { Endpoint, Network } from '../net/network';
import { ProcessState } from '../journal/journal';
import { ConnHandle, NodeEnv } from '../redis/env';
import { onAccepted, onClosed, onConnected, onConnectFailed, onMessage, startNode } from '../redis/eventLoop';
import { NodeEvent } from '../redis/trace';
import { WireMessage } from '../redis/messages';
import { RedisNode } from '../redis/nodeState';
import { NodeClock } from './clock';

/**
 * The operating-system process of one node: it runs, is stopped (SIGSTOP: the kernel still accepts
 * connections and buffers data, and everything waiting is handled in order on SIGCONT), or is dead.
 * It gives the node model its environment and shields it from the engine and the network.
 */
export class NodeProcess implements Endpoint<WireMessage>, NodeEnv {
  state: ProcessState = 'dead';
  node: RedisNode | null = null;
  readonly clock = new NodeClock();
  /** Callbacks that arrived while paused, handled in order on resume. */
  private pending: (() => void)[] = [];
  /** Bumped at each start, so timers and callbacks of a previous life are ignored. */
  private life = 0;

  constructor(
    readonly host: number,
    readonly name: string,
    private readonly sim: Simulator,
    private readonly net: Network<WireMessage>,
    readonly random: RandomStream,
    private readonly journal: (host: number, ev: NodeEvent) => void,
    private readonly afterDispatch: (host: number) => void,
  ) {}

  now(): number {
    return this.clock.nowMs(this.sim.now());
  }

  setTimer(delayMs: number, fn: () => void): unknown {
    const life = this.life;
    return this.sim.after(this.clock.toVirtual(delayMs), () => {
      if (life === this.life) this.dispatch(fn);
    });
  }

  connect(address: string): ConnHandle {
    return this.net.connect(this.host, address);
  }

  send(conn: ConnHandle, msg: WireMessage): void {
    this.net.send(conn as Connection<WireMessage>, this.host, msg);
  }

  close(conn: ConnHandle): void {
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

  /** Start (or restart) the process with a node model built by `create`. */
  start(create: (env: NodeEnv) => RedisNode, restart: boolean): void {
    this.life++;
    this.pending = [];
    this.state = 'running';
    this.net.setHostUp(this.host, true);
    this.node = create(this);
    startNode(this.node, restart);
    this.afterDispatch(this.host);
  }

  /** SIGKILL (or, `graceful`, an exit after SHUTDOWN): the process is gone, pending work is lost. */
  crash(graceful = false): void {
    this.life++;
    this.pending = [];
    this.state = 'dead';
    this.net.resetHost(this.host, graceful);
  }

  pause(): void {
    if (this.state === 'running') this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    const work = this.pending;
    this.pending = [];
    for (const fn of work) this.run(fn);
  }

  /** Run `fn` in the node now, later (paused), or never (dead). */
  private dispatch(fn: () => void): void {
    if (this.state === 'running') this.run(fn);
    else if (this.state === 'paused') this.pending.push(fn);
  }

  private run(fn: () => void): void {
    fn();
    this.afterDispatch(this.host);
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
    if (this.state === 'running' && this.node) {
      onMessage(this.node, conn, msg);
      this.afterDispatch(this.host);
    } else this.deliver((n) => onMessage(n, conn, msg));
  }

  closed(conn: Connection<WireMessage>): void {
    this.deliver((n) => onClosed(n, conn));
  }
}
