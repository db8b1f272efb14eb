import { EventQueue, ScheduledEvent } from '../engine/eventQueue';
import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';

/**
 * The synthetic engine load: `actors` timers, each rescheduling itself after a random delay of up
 * to 1 ms, until `events` have run. The bare loop does the same with the heap alone (no closures,
 * cancellation or clock), which is the ceiling the engine is compared with.
 */
export function engineThroughput(events: number, actors = 1000): number {
  const sim = new Simulator();
  const rng = new RandomStream('bench');
  let left = events;
  const tick = (): void => {
    if (--left > 0) sim.after(1 + rng.int(1000), tick);
    else sim.stop();
  };
  for (let i = 0; i < actors; i++) sim.after(1 + rng.int(1000), tick);
  const t0 = process.hrtime.bigint();
  sim.run(Number.MAX_SAFE_INTEGER);
  return sim.eventsProcessed / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export function bareQueueThroughput(events: number, actors = 1000): number {
  const q = new EventQueue();
  const rng = new RandomStream('bench');
  const noop = (): void => undefined;
  let seq = 0;
  for (let i = 0; i < actors; i++) q.push({ time: 1 + rng.int(1000), seq: seq++, action: noop, cancelled: false });
  const t0 = process.hrtime.bigint();
  for (let n = 0; n < events; n++) {
    const ev = q.pop() as ScheduledEvent;
    q.push({ time: ev.time + 1 + rng.int(1000), seq: seq++, action: noop, cancelled: false });
  }
  return events / (Number(process.hrtime.bigint() - t0) / 1e9);
}
