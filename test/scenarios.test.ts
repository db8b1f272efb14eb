import { readdirSync } from 'fs';
import { join } from 'path';
import { analyze } from '../src/report/analyze';
import { loadScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';

const DIR = join(__dirname, '..', 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

/** Every shipped scenario passes its own expectations with its own seed and two more. */
describe.each(files)('scenario %s', (file) => {
  test.each([0, 1, 2])('passes its expectations (seed offset %i)', (offset) => {
    const base = loadScenario(join(DIR, file));
    const scenario = offset === 0 ? base : loadScenario(join(DIR, file), base.seed + 100 * offset);
    const summary = analyze(runScenario(scenario).journal);
    const failed = summary.expectations.filter((e) => !e.passed).map((e) => `${e.expectation}: ${e.observed}`);
    expect(failed).toEqual([]);
  });
});
