import { join } from 'path';
import { Argv, CommandModule } from 'yargs';
import { parseSeeds, parseShard } from '../sweep/seeds';
import { SweepResult, writeSweep, readSweepRows, buildResult } from '../sweep/output';
import { formatSweep } from '../sweep/print';
import { sweep } from '../sweep/sweep';
import { sweepReport } from '../html/reports';
import { progressBar } from './progress';
import { UsageError } from '../scenario/errors';

interface SweepArgs {
  files: string[];
  seeds: string;
  workers?: number;
  shard?: string;
  out?: string;
  json?: boolean;
  html?: boolean;
}

export function parseWorkers(n: number | undefined): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers: expected a whole number >= 1, found ${n}`);
  return n;
}

/** Options shared by sweep and check. */
export const sweepOptions = (y: Argv) =>
  y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files' })
    .option('workers', { type: 'number', describe: 'worker threads (default: one per core)' });

/** Run a sweep with a progress bar when on a terminal. */
export async function runSweep(
  files: string[],
  seeds: number[],
  workers: number | undefined,
  shard: string | undefined,
  quiet: boolean,
  onRun?: (file: string, wallMs: number) => void,
): Promise<SweepResult> {
  const bar = progressBar(!quiet);
  try {
    return await sweep({ files, seeds, workers: parseWorkers(workers), shard: parseShard(shard), onProgress: bar.update, onRun });
  } finally {
    bar.stop();
  }
}

function report(result: SweepResult, dir: string, json: boolean | undefined, html: boolean | undefined): void {
  writeSweep(dir, result, html ? [['report.html', sweepReport(result)]] : []);
  if (json) process.stdout.write(JSON.stringify({ scenarios: result.scenarios }, null, 2) + '\n');
  else process.stdout.write(`${formatSweep(result)}\n  files: ${dir}\n`);
  process.exitCode = result.rows.every((r) => r.passed) ? 0 : 1;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <files..>',
  describe: 'Run scenarios over many seeds and summarise every interval',
  builder: (y) =>
    sweepOptions(y)
      .option('seeds', { type: 'string', default: '1-100', describe: 'seeds, e.g. 1-1000 or 1,5,9' })
      .option('shard', { type: 'string', describe: 'run only shard K of N (K/N), to merge later with sim merge' })
      .option('out', { type: 'string', describe: 'output directory (default results/sweep)' })
      .option('json', { type: 'boolean', describe: 'print the statistics as JSON' })
      .option('html', { type: 'boolean', describe: 'also write report.html: a histogram and CDF of every interval, failed and slowest seeds' })
      .example('$0 sweep scenarios/fail-C.yaml --seeds 1-1000', 'promotion time and every interval over 1000 seeds')
      .example('$0 sweep scenarios/*.yaml --shard 2/4 --out shard-2', 'the second of four shards, to merge with sim merge') as never,
  handler: async (args) => {
    const result = await runSweep(args.files, parseSeeds(args.seeds), args.workers, args.shard, Boolean(args.json));
    report(result, args.out ?? join('results', 'sweep'), args.json, args.html);
  },
};

export const mergeCommand: CommandModule<object, { dirs: string[]; out?: string; json?: boolean; html?: boolean }> = {
  command: 'merge <dirs..>',
  describe: 'Merge the sweep directories of shards into one sweep',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'sweep directories of shards' })
      .option('out', { type: 'string', describe: 'output directory (default results/sweep)' })
      .option('json', { type: 'boolean', describe: 'print the statistics as JSON' })
      .option('html', { type: 'boolean', describe: 'also write report.html' })
      .example('$0 merge shard-1 shard-2 shard-3 shard-4 --out merged', 'one sweep, identical to an unsharded one') as never,
  handler: (args) => {
    const rows = args.dirs.flatMap(readSweepRows);
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.scenario}#${r.seed}`;
      if (seen.has(key)) throw new UsageError(`merge: ${r.scenario} seed ${r.seed} appears in more than one directory`);
      seen.add(key);
    }
    report(buildResult(rows), args.out ?? join('results', 'sweep'), args.json, args.html);
  },
};
