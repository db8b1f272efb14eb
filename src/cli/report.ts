import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { CommandModule } from 'yargs';
import { runReport, sweepReport } from '../html/reports';
import { writeWhole } from '../report/files';
import { UsageError } from '../scenario/errors';
import { buildResult, readSweepRows } from '../sweep/output';

/** report.html of a run from its files' contents (events.csv, nodes.csv, summary.json, and workload.csv when the run had clients). */
export function runReportFrom(files: Map<string, string>): string {
  const get = (name: string): string => files.get(name) as string;
  const summary = JSON.parse(get('summary.json')) as { faults?: unknown; sent_per_second?: unknown };
  if (!Array.isArray(summary.faults) || !summary.sent_per_second) throw new UsageError('sim report: summary.json was written by an older version (no faults or sent_per_second); run the scenario again');
  return runReport({ events: get('events.csv'), nodes: get('nodes.csv'), summary: get('summary.json'), workload: files.get('workload.csv') });
}

export const reportCommand: CommandModule<object, { dir: string }> = {
  command: 'report <dir>',
  describe: 'Write report.html for an existing run or sweep directory',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a directory written by sim run or sim sweep' })
      .example('$0 report results/fail-C/seed-1', 'the run report of fail-C, seed 1')
      .example('$0 report results/sweep', 'the sweep report') as never,
  handler: (args) => {
    const out = join(args.dir, 'report.html');
    if (existsSync(join(args.dir, 'sweep.json'))) writeWhole(out, sweepReport(buildResult(readSweepRows(args.dir))));
    else writeWhole(out, runReportFrom(readRunFiles(args.dir)));
    process.stdout.write(`${out}\n`);
  },
};

function readRunFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['events.csv', 'nodes.csv', 'summary.json']) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new UsageError(`sim report: ${dir} has no ${name}; expected a directory written by sim run or sim sweep`);
    files.set(name, readFileSync(path, 'utf8'));
  }
  if (existsSync(join(dir, 'workload.csv'))) files.set('workload.csv', readFileSync(join(dir, 'workload.csv'), 'utf8'));
  return files;
}
