import { CommandModule } from 'yargs';
import { clusterInfo, clusterNodes } from '../redis/clusterNodesFormat';
import { loadScenario } from '../scenario/load';
import { runScenario } from '../sim/run';
import { World } from '../sim/world';
import { UsageError } from '../scenario/errors';
import { parseSeed, parseVirtualTime } from './usage';

interface InspectArgs {
  file: string;
  at: string;
  node?: string;
  seed?: string;
}

/** Run the scenario up to --at and return the world. */
function worldAt(args: InspectArgs): World {
  const scenario = loadScenario(args.file, parseSeed(args.seed));
  return runScenario(scenario, { untilUs: parseVirtualTime('at', args.at, scenario.durationUs) });
}

function liveNode(world: World, name: string): NonNullable<ReturnType<World['node']>> {
  if (!world.hostOf.has(name)) throw new UsageError(`--node: unknown node "${name}"; known: ${[...world.hostOf.keys()].join(', ')}`);
  const node = world.node(name);
  if (!node) throw new UsageError(`${name} is not running at that time`);
  return node;
}

const options = (describeNode: string, example: string) => (y: import('yargs').Argv) =>
  y
    .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
    .option('at', { type: 'string', demandOption: true, describe: 'virtual time, e.g. 20s' })
    .option('node', { type: 'string', describe: describeNode })
    .option('seed', { type: 'string', describe: "seed (default: the scenario's seed)" })
    .example(example, '') as never;

export const nodesCommand: CommandModule<object, InspectArgs> = {
  command: 'nodes <file>',
  describe: 'Print CLUSTER NODES as a node sees it at a virtual time',
  builder: options('node whose view to print (default: every running node)', '$0 nodes scenarios/fail-C.yaml --at 20s --node A'),
  handler: (args) => {
    const world = worldAt(args);
    const names = args.node ? [args.node] : world.scenario.nodes.map((n) => n.name).filter((n) => world.node(n));
    for (const name of names) {
      if (!args.node) process.stdout.write(`# ${name}\n`);
      process.stdout.write(clusterNodes(liveNode(world, name)));
    }
  },
};

export const infoCommand: CommandModule<object, InspectArgs> = {
  command: 'info <file>',
  describe: 'Print CLUSTER INFO of a node at a virtual time',
  builder: options('node to ask (required)', '$0 info scenarios/fail-C.yaml --at 20s --node C1'),
  handler: (args) => {
    if (!args.node) throw new UsageError('--node is required');
    const world = worldAt(args);
    process.stdout.write(clusterInfo(liveNode(world, args.node)));
  },
};
