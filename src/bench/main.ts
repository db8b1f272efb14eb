import { execFileSync } from 'child_process';
import { availableParallelism, cpus } from 'os';
import { join } from 'path';
import { analyze } from '../report/analyze';
import { writeWhole } from '../report/files';
import { compileScenario, loadScenario, readScenarioFile } from '../scenario/load';
import { Scenario } from '../scenario/types';
import { runScenario } from '../sim/run';
import { parseSeeds } from '../sweep/seeds';
import { sweep } from '../sweep/sweep';
import { measureClusterSize, SizeResult } from './clusterSize';
import { bareQueueThroughput, engineThroughput } from './engineLoad';

/**
 * `npm run bench`: where the time goes. Prints one table and writes it to results/bench/latest.json.
 * Wall-clock measurements belong here and nowhere in the simulation. Cluster sizes run in child
 * processes so each peak RSS is its own. `--sizes 6,30` and `--seeds 1-100` shorten a run.
 */
const ROOT = join(__dirname, '..', '..');
const FAIL_C = join(ROOT, 'scenarios', 'fail-C.yaml');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** fail-C with one client writing 1000 times a second, over all slots, from formation to the end. */
const WRITER = `
workload:
  clients:
    - { name: app, writes: 1000, keys: 3000, options: { commandTimeout: 1000 } }
`;

/** Median wall ms of one fail-C run (after warm-up): the simulation alone, or with its analysis; with a writer, or without. */
function failCSingleRunMs(withReports: boolean, writer = false): number {
  const scenario: Scenario = writer ? compileScenario(FAIL_C, readScenarioFile(FAIL_C) + WRITER) : loadScenario(FAIL_C);
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = process.hrtime.bigint();
    const world = runScenario(scenario);
    if (withReports) analyze(world.journal);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(median(times.slice(20)) * 100) / 100;
}

async function sweepSeconds(seeds: number[], workers: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await sweep({ files: [FAIL_C], seeds, workers });
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;
}

/**
 * [formation, measured] virtual seconds per size. Pings come in waves every NT/2 (7.5 s at the default
 * timeout) after the start-up storm, so the measured span is whole waves: two for the largest sizes.
 */
const MEASURE: Record<number, [number, number]> = { 6: [20, 60], 30: [20, 60], 100: [20, 30], 300: [16, 15], 1000: [16, 15] };

function sizeInChild(nodes: number): SizeResult {
  const [warm, measure] = MEASURE[nodes] ?? [20, 10];
  // The child runs with this process's V8 flags (package.json's bench script: the CLI's flags).
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', String(nodes), String(warm), String(measure)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as SizeResult;
}

const DEFAULT_SIZES = '6,30,100,300,1000';
const DEFAULT_SEEDS = '1-1000';

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const [nodes, warm, measure] = process.argv.slice(3).map(Number);
    process.stdout.write(JSON.stringify(measureClusterSize(nodes, warm, measure)));
    return;
  }
  const sizes = arg('sizes', DEFAULT_SIZES).split(',').map(Number);
  const seeds = parseSeeds(arg('seeds', DEFAULT_SEEDS));
  // Only the whole suite replaces the committed figures; a shortened run goes beside them.
  const whole = arg('sizes', DEFAULT_SIZES) === DEFAULT_SIZES && arg('seeds', DEFAULT_SEEDS) === DEFAULT_SEEDS;
  const out = join(ROOT, 'results', 'bench', whole ? 'latest.json' : 'partial.json');
  const engine = engineThroughput(2_000_000);
  const bare = bareQueueThroughput(2_000_000);
  const result = {
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    engine: { events_per_s: Math.round(engine), bare_queue_per_s: Math.round(bare), ratio: Math.round((engine / bare) * 100) / 100 },
    fail_c: {
      single_run_ms: failCSingleRunMs(false),
      single_run_with_analysis_ms: failCSingleRunMs(true),
      writer_1000_run_ms: failCSingleRunMs(false, true),
      sweep_seeds: seeds.length,
      sweep_1_worker_s: await sweepSeconds(seeds, 1),
      sweep_2_workers_s: await sweepSeconds(seeds, 2),
    },
    sizes: sizes.map(sizeInChild),
  };
  writeWhole(out, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`${formatBench(result)}\nwritten to ${out}\n`);
}

function formatBench(r: { machine: { cores: number; cpu: string; node: string }; engine: { events_per_s: number; bare_queue_per_s: number; ratio: number }; fail_c: { single_run_ms: number; single_run_with_analysis_ms: number; writer_1000_run_ms: number; sweep_seeds: number; sweep_1_worker_s: number; sweep_2_workers_s: number }; sizes: SizeResult[] }): string {
  const lines = [
    `machine: ${r.machine.cores} cores, ${r.machine.cpu}, Node ${r.machine.node}`,
    `engine: ${r.engine.events_per_s.toLocaleString('en')} events/s vs bare queue ${r.engine.bare_queue_per_s.toLocaleString('en')}/s (ratio ${r.engine.ratio})`,
    `fail-C: one run ${r.fail_c.single_run_ms} ms (${r.fail_c.single_run_with_analysis_ms} ms with its analysis); ${r.fail_c.sweep_seeds}-seed sweep ${r.fail_c.sweep_1_worker_s} s with 1 worker, ${r.fail_c.sweep_2_workers_s} s with 2`,
    `fail-C with a writer at 1000 operations/s: one run ${r.fail_c.writer_1000_run_ms} ms (${(r.fail_c.writer_1000_run_ms / r.fail_c.single_run_ms).toFixed(1)}x the run without)`,
    'nodes | formation wall s | virtual s / wall s | events/s | bus msgs/s (wall) | bus msgs per node per virtual s | peak RSS MB',
  ];
  for (const s of r.sizes) {
    lines.push(`${String(s.nodes).padStart(5)} | ${String(s.formation_wall_s).padStart(16)} | ${String(s.virtual_s_per_wall_s).padStart(18)} | ${String(s.events_per_s).padStart(8)} | ${String(s.messages_per_s).padStart(17)} | ${String(s.bus_messages_per_node_per_virtual_s).padStart(31)} | ${String(s.peak_rss_mb).padStart(11)}`);
  }
  return lines.join('\n');
}

main().catch((e) => {
  process.stderr.write(String(e) + '\n');
  process.exit(1);
});
