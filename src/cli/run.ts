import { join } from 'path';
import { CommandModule } from 'yargs';
import { analyze } from '../report/analyze';
import { writeRunOutputs } from '../report/outputs';
import { workloadFiles } from '../report/workloadFiles';
import { runReportFrom } from './report';
import { formatRunSummary } from '../report/print';
import { loadScenario } from '../scenario/load';
import { runScenario } from '../sim/run';
import { colourOut, parseSeed, parseVirtualTime } from './usage';

interface RunArgs {
  file: string;
  seed?: string;
  out?: string;
  until?: string;
  quiet?: boolean;
  json?: boolean;
  messages?: boolean;
  html?: boolean;
  history?: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <file>',
  describe: 'Run a scenario and write its timelines and summary',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('seed', { type: 'string', describe: "seed (default: the scenario's seed)" })
      .option('out', { type: 'string', describe: 'output directory (default results/<scenario>/seed-<N>)' })
      .option('until', { type: 'string', describe: 'stop at this virtual time instead of the scenario duration (e.g. 20s)' })
      .option('messages', { type: 'boolean', describe: 'also write messages.csv, every bus message' })
      .option('quiet', { type: 'boolean', describe: 'print nothing but errors' })
      .option('json', { type: 'boolean', describe: 'print summary.json instead of the text summary' })
      .option('history', { type: 'boolean', describe: "also write history.csv: every client operation (with a workload)" })
      .option('html', { type: 'boolean', describe: 'also write report.html: the timeline, faults, detection marks and traffic, for a browser' })
      .example('$0 run scenarios/fail-C.yaml', 'run with the scenario\'s seed; files in results/fail-C/seed-1/')
      .example('$0 run scenarios/fail-C.yaml --seed 7 --messages --out /tmp/c7', 'another seed, every bus message in messages.csv')
      .example('$0 run scenarios/fail-C.yaml --html', 'also write report.html beside the CSVs')
      .example('$0 run scenarios/fail-C-writes.yaml --history', 'a writer during the failover; every operation in history.csv')
      .example('$0 run scenarios/pause-long.yaml --until 20s', 'stop early (expectations after 20 s are not reached)') as never,
  handler: (args) => {
    const seed = parseSeed(args.seed);
    const scenario = loadScenario(args.file, seed);
    const untilUs = parseVirtualTime('until', args.until, scenario.durationUs);
    const world = runScenario(scenario, { untilUs, traceMessages: args.messages });
    const summary = analyze(world.journal);
    const dir = args.out ?? join('results', scenario.name, `seed-${scenario.seed}`);
    const clientFiles = workloadFiles(world.journal, args.history ?? false);
    writeRunOutputs(dir, world.journal, summary, (files) => [...clientFiles, ...(args.html ? ([['report.html', runReportFrom(new Map([...files, ...clientFiles]))]] as [string, string][]) : [])]);
    if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (!args.quiet) process.stdout.write(formatRunSummary(summary, dir, colourOut()) + '\n');
    process.exitCode = summary.passed ? 0 : 1;
  },
};
