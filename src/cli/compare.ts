import { cpus, platform, release } from 'os';
import { join } from 'path';
import { CommandModule } from 'yargs';
import { compareRows, fidelityMarkdown, ScenarioFidelity } from '../compare/fidelity';
import { analyze } from '../report/analyze';
import { writeDirectory } from '../report/files';
import { compileParsed, parseScenario, readScenarioFile } from '../scenario/load';
import { checkPortsFree, findRedisServer, redisVersion, ServerRegistry } from '../real/servers';
import { refuseUnsupported } from '../real/support';
import { runTrial } from '../real/trial';
import { parseSeeds } from '../sweep/seeds';
import { rowOf, runRow } from '../sweep/row';
import { TOOL } from '../version';

interface CompareArgs {
  files: string[];
  trials: number;
  seeds: string;
  out: string;
  'redis-server'?: string;
  quiet?: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <files..>',
  describe: 'Run real trials and simulated seeds of each scenario and put their intervals side by side',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('trials', { type: 'number', default: 8, describe: 'real trials per scenario' })
      .option('seeds', { type: 'string', default: '1-200', describe: 'simulated seeds per scenario' })
      .option('out', { type: 'string', default: join('results', 'fidelity'), describe: 'where fidelity.md and fidelity.json go' })
      .option('redis-server', { type: 'string', describe: 'the redis-server binary (default: the one on PATH)' })
      .option('quiet', { type: 'boolean', describe: 'print nothing but errors' })
      .example('$0 compare scenarios/fail-C.yaml --trials 8', 'fail-C: 8 real trials beside 200 simulated seeds') as never,
  handler: async (args) => {
    const binary = findRedisServer(args['redis-server']);
    const seeds = parseSeeds(args.seeds);
    // Every file is checked before the first trial starts: a refusal never comes half-way.
    const parsed = args.files.map((file) => {
      const p = parseScenario(file, readScenarioFile(file));
      compileParsed(p);
      refuseUnsupported(p);
      return { file, text: readScenarioFile(file), p };
    });
    new ServerRegistry().cleanStale();
    const results: ScenarioFidelity[] = [];
    for (const { file, text, p } of parsed) {
      const first = compileParsed(p);
      await checkPortsFree(first.nodes);
      const real = [];
      for (let k = 0; k < args.trials; k++) {
        const scenario = compileParsed(p, first.seed + k);
        const { journal } = await runTrial(scenario, { binary, seed: scenario.seed });
        real.push(rowOf(analyze(journal), file, scenario.seed));
        if (!args.quiet) process.stderr.write(`${first.name}: real trial ${k + 1}/${args.trials} done\n`);
      }
      const sim = seeds.map((seed) => runRow(file, text, seed));
      results.push({
        scenario: first.name,
        file,
        trials: real.length,
        seeds: sim.length,
        realPassed: real.filter((r) => r.passed).length,
        simPassed: sim.filter((r) => r.passed).length,
        rows: compareRows(real, sim),
        realRows: real,
      });
    }
    const md = [
      `# Fidelity: real Redis beside the simulation`,
      '',
      `${TOOL.name} ${TOOL.version} beside ${redisVersion(binary)}, on ${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} cores, ${platform()} ${release()}), loopback.`,
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
