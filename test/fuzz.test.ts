import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseDocument, stringify } from 'yaml';
import { RandomStream } from '../src/engine/random';
import { InputError } from '../src/scenario/errors';
import { compileScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { ROOT, sim } from './helpers/cli';

/**
 * Seeded mutations of the library's scenarios, in text and in data: each must compile and run, or
 * be refused as bad input with a position for every problem. Anything else (a TypeError, a hang)
 * is a bug. The seeds are fixed so a failure replays; the mutant is in the failure message.
 */
const DIR = join(ROOT, 'scenarios');
const LIBRARY = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(DIR, f), 'utf8'));
const VALUES: unknown[] = [null, [], {}, 0, -1, 1.5, 1e12, 'x', '10', '10s', '-2s', '999999999999m', true, 'all', 'C', ['C', 'C'], [[]], { random: 'masters', count: 99 }, 'A*', 'Z*'];
const TOKENS = ['*a', '&a ', '{', '}', '[', ']', ':', '- ', ',', '"', "'", '\t', '#', '!!binary ', '<<: ', '1e9', '?', '|'];

function pick<T>(rng: RandomStream, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function mutateText(text: string, rng: RandomStream): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + rng.int(8));
    case 1:
      return text.slice(0, at) + pick(rng, TOKENS) + text.slice(at);
    case 2: {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[rng.int(lines.length)]);
      return lines.join('\n');
    }
    default:
      return text.replace(/\d+/g, (d) => (rng.chance(0.2) ? String(Number(d) * 1000 + rng.int(3)) : d));
  }
}

/** Replace one value somewhere in the document's data with a hostile one. */
function mutateData(text: string, rng: RandomStream): string {
  const data = parseDocument(text).toJS() as Record<string, unknown>;
  let node: unknown = data;
  for (let depth = 0; depth < 6; depth++) {
    const keys = node !== null && typeof node === 'object' ? Object.keys(node as object) : [];
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    const child = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object' || rng.chance(0.3)) {
      (node as Record<string, unknown>)[key] = pick(rng, VALUES);
      break;
    }
    node = child;
  }
  return stringify(data);
}

function check(text: string): 'ran' | 'refused' {
  let scenario;
  try {
    scenario = compileScenario('mutant.yaml', text);
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an input error (${(e as Error).stack})\n--- mutant:\n${text}`);
    for (const p of e.problems) {
      if (!(p.line >= 1 && p.column >= 1) || !p.message || /undefined|NaN|\[object/.test(p.message)) throw new Error(`a problem without a proper position or text: ${JSON.stringify(p)}\n--- mutant:\n${text}`);
    }
    return 'refused';
  }
  runScenario(scenario, { untilUs: Math.min(scenario.durationUs, 3_000_000) });
  return 'ran';
}

describe('fuzzing the scenario compiler and the run with mutants of the library', () => {
  test('400 seeded mutants each run or are refused with positions', () => {
    const rng = RandomStream.derive(2026, 'fuzz');
    const outcomes = { ran: 0, refused: 0 };
    for (let i = 0; i < 400; i++) {
      const base = pick(rng, LIBRARY);
      const mutant = rng.chance(0.5) ? mutateText(base, rng) : mutateData(base, rng);
      outcomes[check(mutant)]++;
    }
    // The mutations must exercise both paths, or the test proves nothing.
    expect(outcomes.ran).toBeGreaterThan(40);
    expect(outcomes.refused).toBeGreaterThan(40);
  });

  test('through the CLI a few mutants exit 0, 1 or 2, never with a stack trace', () => {
    const rng = RandomStream.derive(2026, 'fuzz-cli');
    for (let i = 0; i < 6; i++) {
      const mutant = mutateText(pick(rng, LIBRARY), rng);
      const file = join(tmpdir(), `fuzz-${process.pid}-${i}.yaml`);
      writeFileSync(file, mutant);
      const r = sim(['validate', file]);
      expect([0, 2]).toContain(r.code);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
