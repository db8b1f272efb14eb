import { compileScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { World } from '../src/sim/world';

const base = (events: string, links = '') => `duration: 30s
cluster:
  create: { masters: 3, replicas: 1 }
network:
  latency: { base: 40us }
${links}
events:
${events}
`;

const run = (text: string, untilUs: number): World => runScenario(compileScenario('f.yaml', text), { untilUs });
const link = (w: World, a: string, b: string) => w.net.linkConfig(w.hostOf.get(a) as number, w.hostOf.get(b) as number);
const blocked = (w: World, a: string, b: string) => w.net.isBlocked(w.hostOf.get(a) as number, w.hostOf.get(b) as number);

describe('a fault undone by for: restores exactly what it replaced', () => {
  const override = '  links:\n    - { from: [A], to: [B], latency: { base: 2ms }, loss: 0.01 }';

  test('timed loss and latency give a link back its own override, not the scenario-wide values', () => {
    const text = base('  - { at: 1s, loss: { from: A, to: all, rate: 0.2 }, for: 2s }\n  - { at: 1s, latency: { from: A, to: all, base: 9ms }, for: 2s }', override);
    const during = run(text, 2_000_000);
    expect(link(during, 'A', 'B')).toMatchObject({ loss: 0.2, latency: { base: 9000 } });
    const after = run(text, 4_000_000);
    expect(link(after, 'A', 'B')).toMatchObject({ loss: 0.01, latency: { base: 2000 } });
    expect(link(after, 'A', 'C')).toMatchObject({ loss: 0, latency: { base: 40 } });
  });

  test('overlapping faults on one link: each undo restores only the field it changed', () => {
    const text = base('  - { at: 1s, loss: { from: A, to: B, rate: 0.5 }, for: 4s }\n  - { at: 2s, latency: { from: A, to: B, base: 9ms }, for: 1s }', override);
    const mid = run(text, 3_500_000);
    expect(link(mid, 'A', 'B')).toMatchObject({ loss: 0.5, latency: { base: 2000 } });
  });

  test("a partition's undo leaves a cut made by another fault that is still in effect", () => {
    const text = base('  - { at: 1s, isolate: C, for: 10s }\n  - { at: 2s, partition: { from: C, to: A, one-way: true }, for: 2s }');
    const w = run(text, 5_000_000);
    expect(blocked(w, 'C', 'A')).toBe(true);
    expect(blocked(w, 'A', 'C')).toBe(true);
    const healed = run(text, 12_000_000);
    expect(blocked(healed, 'C', 'A')).toBe(false);
  });
});
