import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CommandModule } from 'yargs';
import { analyze } from '../report/analyze';
import { writeRunOutputs } from '../report/outputs';
import { workloadFiles } from '../report/workloadFiles';
import { formatRunSummary } from '../report/print';
import { UsageError } from '../scenario/errors';
import { compileParsed, parseScenario, readScenarioFile } from '../scenario/load';
import { checkPortsFree, findRedisServer, ServerRegistry } from '../real/servers';
import { refuseUnsupported } from '../real/support';
import { runTrial } from '../real/trial';
import { colourOut, parseSeed } from './usage';

interface RealArgs {
  file: string;
  trials: number;
  seed?: string;
  out?: string;
  'redis-server'?: string;
  'keep-logs'?: boolean;
  quiet?: boolean;
}

export const realCommand: CommandModule<object, RealArgs> = {
  command: 'real <file>',
  describe: 'Run a scenario on real redis-server processes (loopback) and write the same files as run',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('trials', { type: 'number', default: 1, describe: 'how many trials, one after another' })
      .option('seed', { type: 'string', describe: "seed of the first trial's schedule (the random 1-3 s before it starts); trial K uses seed+K-1" })
      .option('out', { type: 'string', describe: 'output directory (default results/real/<scenario>); one trial-K directory per trial' })
      .option('redis-server', { type: 'string', describe: 'the redis-server binary (default: the one on PATH)' })
      .option('keep-logs', { type: 'boolean', describe: "also keep each server's log in the trial's directory" })
      .option('quiet', { type: 'boolean', describe: 'print nothing but errors' })
      .example('$0 real scenarios/fail-C.yaml', 'kill a real master C and watch C1 take over; files in results/real/fail-C/trial-1/')
      .example('$0 real scenarios/restart-failed-master.yaml --trials 8 --keep-logs', 'eight real trials, with the servers\' logs') as never,
  handler: async (args) => {
    if (!Number.isInteger(args.trials) || args.trials < 1 || args.trials > 1000) throw new UsageError(`--trials: expected a whole number from 1 to 1000, found ${args.trials}`);
    const binary = findRedisServer(args['redis-server']);
    const parsed = parseScenario(args.file, readScenarioFile(args.file));
    const first = compileParsed(parsed, parseSeed(args.seed));
    refuseUnsupported(parsed);
    const stale = new ServerRegistry().cleanStale();
    if (stale > 0 && !args.quiet) process.stderr.write(`stopped ${stale} redis-server process(es) an earlier, interrupted run left\n`);
    await checkPortsFree(first.nodes);
    const out = args.out ?? join('results', 'real', first.name);
    let failed = 0;
    for (let k = 1; k <= args.trials; k++) {
      const scenario = compileParsed(parsed, first.seed + k - 1);
      const logs = args['keep-logs'] ? mkdtempSync(join(tmpdir(), 'sim-real-logs-')) : undefined;
      const { journal, trace } = await runTrial(scenario, { binary, seed: scenario.seed, keepLogsIn: logs });
      const summary = analyze(journal);
      const dir = join(out, `trial-${k}`);
      // A trial cannot be replayed: its clients' history is always kept.
      const extra: [string, string][] = [['polls.jsonl', trace.map((r) => JSON.stringify(r)).join('\n') + '\n'], ...workloadFiles(journal, true)];
      if (logs) for (const f of readdirSync(logs)) extra.push([f, readFileSync(join(logs, f), 'utf8')]);
      if (logs) rmSync(logs, { recursive: true, force: true });
      writeRunOutputs(dir, journal, summary, () => extra);
      if (!summary.passed) failed++;
      if (!args.quiet) process.stdout.write(`${formatRunSummary(summary, dir, colourOut())}\n`);
    }
    if (!args.quiet && args.trials > 1) process.stdout.write(`real: ${args.trials - failed} of ${args.trials} trials passed their expectations\n`);
    process.exitCode = failed > 0 ? 1 : 0;
  },
};
