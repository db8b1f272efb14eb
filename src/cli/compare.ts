import { cpus, platform, release } from 'os';
import { join } from 'path';
import { CommandModule } from 'yargs';
import { compareRows, fidelityMarkdown, ScenarioFidelity } from '../compare/fidelity';
import { RecordedRows, RecordedTrials } from '../compare/recorded';
import { analyze } from '../report/analyze';
import { writeDirectory } from '../report/files';
import { compileParsed, ParsedScenario, parseScenario, readScenarioFile } from '../scenario/load';
import { checkPortsFree, findRedisServer, redisVersion, ServerRegistry } from '../real/servers';
import { refuseUnsupported } from '../real/support';
import { runTrial } from '../real/trial';
import { parseSeeds } from '../sweep/seeds';
import { rowOf, runRow, SweepRow } from '../sweep/row';
import { TOOL } from '../version';

interface CompareArgs {
  files: string[];
  trials: number;
  seeds: string;
  out: string;
  'redis-server'?: string;
  real?: string;
  quiet?: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <files..>',
  describe: 'Run real trials and simulated seeds of each scenario and put their intervals side by side',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('trials', { type: 'number', default: 8, describe: 'real trials per scenario' })
      .option('seeds', { type: 'string', default: '1-1000', describe: 'simulated seeds per scenario (a median of 200 seeds is within 3% of the true one, of 1000 within 1%)' })
      .option('out', { type: 'string', default: join('results', 'fidelity'), describe: 'where fidelity.md and fidelity.json go' })
      .option('redis-server', { type: 'string', describe: 'the redis-server binary (default: the one on PATH)' })
      .option('real', { type: 'string', describe: "judge against the real trials an earlier compare recorded in this fidelity.json (or its directory) instead of running new ones" })
      .option('quiet', { type: 'boolean', describe: 'print nothing but errors' })
      .example('$0 compare scenarios/fail-C.yaml --trials 8', 'fail-C: 8 real trials beside 1000 simulated seeds')
      .example('$0 compare scenarios/fail-C.yaml --real results/fidelity --out /tmp/f', "today's model beside the trials recorded in results/fidelity") as never,
  handler: async (args) => {
    const seeds = parseSeeds(args.seeds);
    // Every file is checked before the first trial starts: a refusal never comes half-way.
    const parsed = args.files.map((file) => {
      const text = readScenarioFile(file);
      const p = parseScenario(file, text);
      compileParsed(p);
      return { file, text, p };
    });
    const recorded = args.real === undefined ? null : RecordedTrials.read(args.real);
    const trials = recorded === null ? await realTrials(args, parsed.map((x) => x.p)) : recordedTrials(recorded, parsed);
    const results: ScenarioFidelity[] = [];
    for (const [i, { file, text, p }] of parsed.entries()) {
      const { rows: real, start } = await trials(i);
      const sim = seeds.map((seed) => runRow(file, text, seed, start));
      results.push({
        scenario: compileParsed(p).name,
        file,
        trials: real.length,
        seeds: sim.length,
        realPassed: real.filter((r) => r.passed).length,
        simPassed: sim.filter((r) => r.passed).length,
        rows: compareRows(real, sim),
        realRows: real,
        start,
      });
    }
    const beside =
      recorded === null
        ? `${redisVersion(findRedisServer(args['redis-server']))}, on ${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} cores, ${platform()} ${release()}), loopback`
        : `${recorded.ranOn} (trials recorded in ${recorded.path})`;
    const md = [
      `# Fidelity: real Redis beside the simulation`,
      '',
      `${TOOL.name} ${TOOL.version} beside ${beside}.`,
      '',
      `The rule: the simulated median within 10% of the real one (or 1 ms), and its p10-p90 inside the real min-max widened by 10%.`,
      '',
      ...results.map(fidelityMarkdown).flatMap((t) => [t, '']),
    ].join('\n');
    writeDirectory(args.out, [['fidelity.md', md], ['fidelity.json', JSON.stringify(results, null, 2) + '\n']], ['fidelity.md', 'fidelity.json']);
    if (!args.quiet) process.stdout.write(md);
    process.exitCode = results.every((r) => r.rows.every((x) => x.passed)) ? 0 : 1;
  },
};

/** Trials of scenario `i`, by index into `parsed`, and how their processes were started. */
type Trials = (i: number) => Promise<RecordedRows>;

/** New trials on real servers, after checking that every scenario can run on them. */
async function realTrials(args: CompareArgs, parsed: ParsedScenario[]): Promise<Trials> {
  const binary = findRedisServer(args['redis-server']);
  parsed.forEach(refuseUnsupported);
  new ServerRegistry().cleanStale();
  return async (i) => {
    const first = compileParsed(parsed[i]);
    await checkPortsFree(first.nodes);
    const real: SweepRow[] = [];
    for (let k = 0; k < args.trials; k++) {
      const scenario = compileParsed(parsed[i], first.seed + k);
      const { journal } = await runTrial(scenario, { binary, seed: scenario.seed });
      real.push(rowOf(analyze(journal), parsed[i].file, scenario.seed));
      if (!args.quiet) process.stderr.write(`${first.name}: real trial ${k + 1}/${args.trials} done\n`);
    }
    return { rows: real, start: first.start };
  };
}

/** The recorded trials of every scenario, all looked up before the first seed runs. */
function recordedTrials(recorded: RecordedTrials, parsed: { file: string; p: ParsedScenario }[]): Trials {
  const trials = parsed.map(({ file, p }) => recorded.trialsOf(file, p.sha256));
  return (i) => Promise.resolve(trials[i]);
}
