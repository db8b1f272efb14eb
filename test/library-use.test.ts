import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { publishedSchema, SCHEMA_FILE } from '../src/scenario/publishSchema';
import { ROOT } from './helpers/cli';

describe('redis-cluster-sim as a library', () => {
  test('a separate package imports it by name, type-checks against its .d.ts files, and runs a scenario', () => {
    const app = mkdtempSync(join(tmpdir(), 'app-'));
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(ROOT, join(app, 'node_modules', 'redis-cluster-sim'), 'dir');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, outDir: 'out', types: [], typeRoots: [join(ROOT, 'node_modules', '@types')] }, files: ['main.ts'] }),
    );
    writeFileSync(
      join(app, 'main.ts'),
      `import { analyze, loadScenario, runScenario, Summary, AnyEvent, TOOL } from 'redis-cluster-sim';
const scenario = loadScenario(${JSON.stringify(join(ROOT, 'scenarios', 'fail-C.yaml'))}, 3);
const world = runScenario(scenario);
const summary: Summary = analyze(world.journal);
const wins: AnyEvent[] = world.journal.events.filter((e) => e.event === 'election_won');
console.log(JSON.stringify({ tool: TOOL.version, promoted: summary.failovers[0].promoted, wins: wins.length, passed: summary.passed }));
`,
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });
    const out = JSON.parse(execFileSync(process.execPath, [join(app, 'out', 'main.js')], { encoding: 'utf8' }));
    expect(out).toMatchObject({ promoted: 'C1', wins: 1, passed: true });
    expect(out.tool).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('scenarios/scenario.schema.json is the validator\'s own schema (run npm run schema after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(publishedSchema());
  });
});
