import { EventQueue, ScheduledEvent } from './eventQueue';
import { Micros } from './time';

/** A handle to a scheduled action; cancelling it makes the event a no-op. */
export type Timer = ScheduledEvent;

/**
 * The discrete-event loop: virtual time advances only by popping the next event.
 * Knows nothing of networks or Redis.
 */
export class Simulator {
  private queue = new EventQueue();
  private seq = 0;
  private stopped = false;
  private current: Micros = 0;
  eventsProcessed = 0;

  now(): Micros {
    return this.current;
  }

  /** Run `action` at absolute virtual time `at` (never earlier than now). */
  at(at: Micros, action: () => void): Timer {
    const ev: ScheduledEvent = { time: at < this.current ? this.current : at, seq: this.seq++, action, cancelled: false };
    this.queue.push(ev);
    return ev;
  }

  /** Run `action` after `delay` microseconds. */
  after(delay: Micros, action: () => void): Timer {
    return this.at(this.current + delay, action);
  }

  cancel(timer: Timer | undefined): void {
    if (timer) timer.cancelled = true;
  }

  /** Ask the loop to return after the event being processed. */
  stop(): void {
    this.stopped = true;
  }

  /** Process events in order until the queue is empty, `stop()` is called, or the next event is past `until`. */
  run(until: Micros): void {
    this.stopped = false;
    const queue = this.queue;
    let processed = 0;
    while (!this.stopped) {
      const next = queue.peek();
      if (next === undefined || next.time > until) break;
      queue.pop();
      if (next.cancelled) continue;
      this.current = next.time;
      processed++;
      next.action();
    }
    this.eventsProcessed += processed;
    if (!this.stopped) this.current = Math.max(this.current, until);
  }
}
