import seedrandom from 'seedrandom';
import { RandomStream, STREAM_CELLS } from '../src/engine/random';
import { Simulator } from '../src/engine/simulator';

describe('engine', () => {
  test('events run in time order, and in scheduling order at the same instant', () => {
    const sim = new Simulator();
    const order: string[] = [];
    sim.at(20, () => order.push('c'));
    sim.at(10, () => order.push('a'));
    sim.at(10, () => order.push('b'));
    sim.at(5, () => sim.at(10, () => order.push('d')));
    sim.run(100);
    expect(order).toEqual(['a', 'b', 'd', 'c']);
  });

  test('thousands of events, many at the same instant, run sorted by time and then by scheduling order', () => {
    const sim = new Simulator();
    const rng = new RandomStream('queue');
    const scheduled = Array.from({ length: 5000 }, (_, seq) => ({ time: rng.int(300), seq }));
    const ran: number[] = [];
    for (const e of scheduled) sim.at(e.time, () => ran.push(e.seq));
    sim.run(1000);
    const expected = [...scheduled].sort((a, b) => a.time - b.time || a.seq - b.seq).map((e) => e.seq);
    expect(ran).toEqual(expected);
  });

  test('a cancelled timer never fires, and run stops at the deadline without passing it', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const t = sim.at(10, () => fired.push(10));
    sim.at(50, () => fired.push(50));
    sim.cancel(t);
    sim.run(40);
    expect(fired).toEqual([]);
    expect(sim.now()).toBe(40);
    sim.run(60);
    expect(fired).toEqual([50]);
  });

  test('stop() ends the run after the current event', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    sim.at(1, () => {
      fired.push(1);
      sim.stop();
    });
    sim.at(2, () => fired.push(2));
    sim.run(10);
    expect(fired).toEqual([1]);
  });

  test('a derived stream does not shift when another stream draws more', () => {
    const a1 = RandomStream.derive(7, 'node/A');
    const first = [a1.next(), a1.next()];
    const b = RandomStream.derive(7, 'node/B');
    for (let i = 0; i < 100; i++) b.next();
    const a2 = RandomStream.derive(7, 'node/A');
    expect([a2.next(), a2.next()]).toEqual(first);
  });

  test('a stream gives exactly seedrandom\'s Alea sequence for its seed', () => {
    const reference = seedrandom.alea('7/node/A');
    const stream = RandomStream.derive(7, 'node/A');
    for (let i = 0; i < 10_000; i++) expect(stream.next()).toBe(reference());
  });

  test('fillInts draws what as many int() calls would, and leaves the stream where they would', () => {
    const one = RandomStream.derive(7, 'node/A');
    const batch = RandomStream.derive(7, 'node/A');
    const out = new Int32Array(500);
    batch.fillInts(out, 500, 1000);
    expect(Array.from(out)).toEqual(Array.from({ length: 500 }, () => one.int(1000)));
    expect(batch.next()).toBe(one.next());
  });

  test('streams kept side by side in one array draw the same sequences as streams on their own', () => {
    const states = new Float64Array(5000 * STREAM_CELLS);
    for (let i = 0; i < 5000; i++) RandomStream.seedState(states, i * STREAM_CELLS, RandomStream.seedOf(3, `link/${i}`));
    for (const i of [0, 4095, 4096, 4999]) {
      const alone = RandomStream.derive(3, `link/${i}`);
      // A fresh view each time: the state, not the view object, carries the stream (normal() caches a deviate).
      for (let k = 0; k < 5; k++) expect(new RandomStream(states, i * STREAM_CELLS).normal()).toBe(alone.normal());
    }
  });

  test('different seeds and names give different streams', () => {
    expect(RandomStream.derive(1, 'x').next()).not.toBe(RandomStream.derive(2, 'x').next());
    expect(RandomStream.derive(1, 'x').next()).not.toBe(RandomStream.derive(1, 'y').next());
  });
});
