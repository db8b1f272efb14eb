import { join } from 'path';
import { CommandModule } from 'yargs';
import { analyze } from '../report/analyze';
import { writeRunOutputs } from '../report/outputs';
import { formatRunSummary } from '../report/print';
import { loadScenario } from '../scenario/load';
import { isTime, parseTime } from '../scenario/time';
import { runScenario } from '../sim/run';
import { UsageError } from '../scenario/errors';
import { parseSeed } from './usage';

interface RunArgs {
  file: string;
  seed?: string;
  out?: string;
  until?: string;
  quiet?: boolean;
  json?: boolean;
  messages?: boolean;
}

/** Parse --until: a time with a unit. */
export function parseUntil(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!isTime(value)) throw new UsageError(`--until: expected a time with a unit (e.g. 30s), found "${value}"`);
  return parseTime(value);
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
      .option('json', { type: 'boolean', describe: 'print summary.json instead of the text summary' }) as never,
  handler: (args) => {
    const seed = parseSeed(args.seed);
    const untilUs = parseUntil(args.until);
    const scenario = loadScenario(args.file, seed);
    const world = runScenario(scenario, { untilUs, traceMessages: args.messages });
    const summary = analyze(world.journal);
    const dir = args.out ?? join('results', scenario.name, `seed-${scenario.seed}`);
    writeRunOutputs(dir, world.journal, summary);
    if (args.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (!args.quiet) process.stdout.write(formatRunSummary(summary, dir) + '\n');
    process.exitCode = summary.passed ? 0 : 1;
  },
};
