import { CommandModule } from 'yargs';
import { Baseline, DEFAULT_BASELINE_DIR, makeBaseline, readBaseline, writeBaseline, baselinePath } from '../check/baseline';
import { compareWithBaseline, formatCheckTable } from '../check/compare';
import { junitXml, ScenarioCheck } from '../check/junit';
import { writeWhole } from '../report/files';
import { InputError } from '../scenario/errors';
import { loadScenario } from '../scenario/load';
import { Scenario } from '../scenario/types';
import { aggregate, ScenarioStats } from '../sweep/aggregate';
import { readSweepRows } from '../sweep/output';
import { SweepRow } from '../sweep/row';
import { checkReport } from '../html/reports';
import { parseSeeds } from '../sweep/seeds';
import { runSweep, sweepOptions } from './sweep';

interface CheckArgs {
  files: string[];
  baseline?: string;
  'update-baseline'?: boolean;
  seeds?: string;
  workers?: number;
  junit?: string;
  from?: string;
  html?: string;
}

const DEFAULT_SEEDS = '1-100';

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <files..>',
  describe: 'Sweep scenarios and compare their timing with committed baselines',
  builder: (y) =>
    sweepOptions(y)
      .option('baseline', { type: 'string', describe: `baseline directory (default ${DEFAULT_BASELINE_DIR})` })
      .option('update-baseline', { type: 'boolean', describe: 'rewrite the baselines from this sweep and say what changed' })
      .option('seeds', { type: 'string', describe: `seeds (default: the baseline's, or ${DEFAULT_SEEDS})` })
      .option('junit', { type: 'string', describe: 'also write JUnit XML to this file' })
      .option('html', { type: 'string', describe: 'also write an HTML report to this file: each interval over its baseline\'s percentiles and tolerance bands' })
      .option('from', { type: 'string', describe: 'compare an existing sweep directory (e.g. from sim merge) instead of running one' })
      .example('$0 check scenarios/*.yaml --junit results/junit.xml', 'the CI check: exit 1 if a figure moved beyond its tolerance')
      .example('$0 check scenarios/fail-C.yaml --update-baseline', 'after a deliberate change: rewrite the baseline, list what moved') as never,
  handler: async (args) => {
    const dir = args.baseline ?? DEFAULT_BASELINE_DIR;
    const update = Boolean(args['update-baseline']);
    const scenarios = args.files.map((f) => ({ file: f, scenario: loadScenario(f) }));
    const baselines = scenarios.map(({ scenario }) => readBaseline(dir, scenario.name));
    if (!update) requireBaselines(scenarios.map((s) => s.scenario), baselines, dir);
    const seedsOf = (i: number): string => args.seeds ?? baselines[i]?.seeds ?? DEFAULT_SEEDS;
    const wallMs = new Map<string, number>();
    const onRun = (file: string, ms: number): void => void wallMs.set(file, (wallMs.get(file) ?? 0) + ms);
    const rows = args.from ? readSweepRows(args.from) : await sweepGrouped(scenarios.map((s) => s.file), seedsOf, args.workers, onRun);
    const stats = new Map(aggregate(rows).map((s) => [s.scenario, s]));
    const moved = new Map<string, string[]>();
    for (const { scenario } of scenarios) {
      if (!stats.has(scenario.name)) throw new InputError([{ file: scenario.file, line: 1, column: 1, message: `the sweep in ${args.from} has no rows for ${scenario.name}` }]);
    }
    const checks: ScenarioCheck[] = [];
    let failed = false;
    scenarios.forEach(({ file, scenario }, i) => {
      const s = stats.get(scenario.name) as ScenarioStats;
      const replay = `sim run ${file} --seed ${s.failed_seeds[0]?.seed ?? scenario.seed}`;
      if (update) {
        const next = makeBaseline(s, scenario, seedsOf(i));
        writeBaseline(dir, next);
        process.stdout.write(describeUpdate(baselines[i], next, baselinePath(dir, scenario.name)) + '\n');
      }
      const lines = update ? [] : compareWithBaseline(baselines[i] as Baseline, s.intervals);
      const seconds = wallMs.has(file) ? (wallMs.get(file) as number) / 1000 : undefined;
      checks.push({ scenario: scenario.name, file, lines, failed_seeds: s.failed_seeds, seconds });
      const movedLines = lines.filter((l) => !l.passed);
      moved.set(scenario.name, [...new Set(movedLines.map((l) => l.interval))]);
      if (movedLines.length > 0 || s.failed_seeds.length > 0) failed = true;
      process.stdout.write(describeCheck(scenario.name, s, movedLines, replay, update) + '\n');
    });
    if (args.junit) writeWhole(args.junit, junitXml(checks));
    if (args.html) {
      const names = new Set(scenarios.map((x) => x.scenario.name));
      const known = new Map(scenarios.flatMap(({ scenario }, i) => (update ? [] : [[scenario.name, baselines[i] as Baseline] as const])));
      writeWhole(args.html, checkReport(rows.filter((r) => names.has(r.scenario)), known, moved));
    }
    const bad = checks.filter((c) => c.lines.some((l) => !l.passed) || c.failed_seeds.length > 0).length;
    process.stdout.write(`check: ${checks.length - bad} passed, ${bad} failed\n`);
    process.exitCode = failed ? 1 : 0;
  },
};

function requireBaselines(scenarios: Scenario[], baselines: (Baseline | null)[], dir: string): void {
  const missing = scenarios.filter((_, i) => !baselines[i]);
  if (missing.length === 0) return;
  throw new InputError(missing.map((s) => ({ file: s.file, line: 1, column: 1, message: `no baseline at ${baselinePath(dir, s.name)}; create it with sim check ${s.file} --update-baseline` })));
}

/** One sweep per distinct seed list, so scenarios sharing seeds share the worker pool. */
async function sweepGrouped(files: string[], seedsOf: (i: number) => string, workers: number | undefined, onRun: (file: string, ms: number) => void): Promise<SweepRow[]> {
  const groups = new Map<string, string[]>();
  files.forEach((f, i) => groups.set(seedsOf(i), [...(groups.get(seedsOf(i)) ?? []), f]));
  const rows: SweepRow[] = [];
  for (const [seeds, group] of groups) rows.push(...(await runSweep(group, parseSeeds(seeds), workers, undefined, false, onRun)).rows);
  return rows;
}

function describeCheck(name: string, s: ScenarioStats, moved: ReturnType<typeof compareWithBaseline>, replay: string, update: boolean): string {
  const lines: string[] = [];
  const ok = moved.length === 0 && s.failed_seeds.length === 0;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${s.seeds} seeds${update ? ', baseline written' : moved.length ? `, ${moved.length} figure(s) moved beyond tolerance` : ', within tolerance'}`);
  if (moved.length > 0) lines.push(formatCheckTable(moved));
  if (s.failed_seeds.length > 0) {
    lines.push(`  expectations failed on ${s.failed_seeds.length} seed(s): ${s.failed_seeds.slice(0, 20).map((f) => f.seed).join(', ')}${s.failed_seeds.length > 20 ? ', ...' : ''}`);
    lines.push(`    ${s.failed_seeds[0].expectations.join('; ')}`);
    lines.push(`  replay one: ${replay}`);
  }
  return lines.join('\n');
}

function describeUpdate(old: Baseline | null, next: Baseline, path: string): string {
  if (!old) return `new baseline ${path} (${Object.keys(next.intervals).length} intervals, seeds ${next.seeds})`;
  const changes: string[] = [];
  for (const [name, n] of Object.entries(next.intervals)) {
    const o = old.intervals[name];
    if (!o) changes.push(`  ${name}: new interval (p50 ${n.p50})`);
    else for (const p of ['count', 'p50', 'p90', 'p99'] as const) if (o[p] !== n[p]) changes.push(`  ${name} ${p}: ${o[p]} -> ${n[p]}`);
  }
  for (const name of Object.keys(old.intervals)) if (!next.intervals[name]) changes.push(`  ${name}: no longer reached`);
  if (old.seeds !== next.seeds) changes.push(`  seeds: ${old.seeds} -> ${next.seeds}`);
  return changes.length ? `updated ${path}:\n${changes.join('\n')}` : `unchanged ${path}`;
}
