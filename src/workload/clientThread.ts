import { Simulator } from '../engine/simulator';
import { Micros } from '../engine/time';

/**
 * What a client's work costs its thread, in microseconds: ioredis 6's Cluster on the calibration
 * machine, bursts of 1000 to 10000 RPUSHes to one slot: 6.4 to 9.5 µs a command, sent and answered
 * (the server's part is about 1 µs, redis-benchmark -P 100); answered MOVED and resent, 30 to 47.
 * A lone command costs its network round trip, which the loopback profile already holds.
 */
export const CLIENT_CPU_US = { command: 4, reply: 4, error: 20 };

/**
 * The client's one thread (Node's event loop): it does one piece of work at a time (a reply, a
 * timer's callback, a closed connection), each busy for what it charged. Work that comes while it
 * is busy waits its turn, in arrival order, as a callback waits for Node's loop: so a burst of
 * replies delays the timers and the replies behind it. A free thread runs work at once, without an
 * event, so a lightly loaded client costs nothing more.
 */
export class ClientThread {
  private freeAt: Micros = 0;
  private charged = 0;
  private waiting: (() => void)[] = [];
  private waitingHead = 0;

  constructor(private readonly sim: Simulator) {}

  /** The work being done costs `us` more. */
  charge(us: number): void {
    this.charged += us;
  }

  /** Do `work` now if the thread is free, or after the work that came before it. */
  run(work: () => void): void {
    if (this.waitingHead === this.waiting.length && this.sim.now() >= this.freeAt) return this.runNow(work);
    this.waiting.push(work);
    if (this.waiting.length - this.waitingHead === 1) this.sim.at(this.freeAt, this.next);
  }

  private runNow(work: () => void): void {
    this.charged = 0;
    work();
    this.freeAt = this.sim.now() + this.charged;
  }

  private readonly next = (): void => {
    const work = this.waiting[this.waitingHead++];
    if (this.waitingHead === this.waiting.length) {
      this.waiting = [];
      this.waitingHead = 0;
    }
    this.runNow(work);
    if (this.waitingHead < this.waiting.length) this.sim.at(this.freeAt, this.next);
  };
}
