#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --max-semi-space-size=64 --no-allocation-site-pretenuring --heap-growing-percent=30
// GLIBC_TUNABLES: glibc backs the typed arrays (node tables' keys and cells, link streams) with
// transparent huge pages where the kernel allows them (madvise); a 1000-node cluster reads them at
// random, and with 4 KB pages most reads missed the TLB (1000 nodes: 14% faster). Ignored elsewhere.
// V8 flags: a 64 MB young generation, as messages and gossip sections die young; no allocation-site
// pretenuring, or after a large cluster's start-up storm V8 allocates every later message straight
// into the old generation (a 500-node run: 1.3 GB peak RSS instead of 0.45 GB, and slower); and an old
// generation allowed to grow 30% past the live heap between full collections (1000 nodes: 1.5 GB
// peak RSS instead of 2.4 GB, at the same speed).
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError, UsageError } from '../scenario/errors';
import { runCommand } from './run';
import { validateCommand } from './validate';
import { infoCommand, nodesCommand } from './inspect';
import { mergeCommand, sweepCommand } from './sweep';
import { checkCommand } from './check';
import { reportCommand } from './report';
import { realCommand } from './real';
import { compareCommand } from './compare';
import { TOOL } from '../version';

/** A reader that went away (`sim nodes ... | head -1`) ends the command quietly. */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

/** Exit codes: 0 all good, 1 an expectation or check failed, 2 bad input or usage. */
function fail(err: unknown): never {
  if (err instanceof InputError || err instanceof UsageError) {
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
  throw err;
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('sim')
    .usage('$0 <command> [options]\n\nDeterministic simulator of Redis Cluster 7.0.')
    .command(runCommand)
    .command(validateCommand)
    .command(nodesCommand)
    .command(infoCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(checkCommand)
    .command(reportCommand)
    .command(realCommand)
    .command(compareCommand)
    .demandCommand(1, 'Name a command: run, validate, nodes, info, sweep, merge, check, report, real, compare.')
    .example('$0 run scenarios/fail-C.yaml', 'run the seed cluster: C is killed, C1 takes over')
    .example('$0 sweep scenarios/fail-C.yaml --seeds 1-1000', 'failover timing over 1000 seeds')
    .example('$0 check scenarios/*.yaml', 'compare the library with its committed baselines')
    .completion('completion', 'Print a bash/zsh completion script (add `source <(sim completion)` to your shell profile)')
    .strict()
    .recommendCommands()
    .fail((msg, err) => {
      if (err) fail(err);
      process.stderr.write(`${msg}\nRun "sim --help" for usage.\n`);
      process.exit(2);
    })
    .help()
    .version(TOOL.version)
    .parseAsync();
}

main().catch(fail);
