import { formatProblem, InputError, UsageError } from '../scenario/errors';
import { parseSeeds } from '../sweep/seeds';
import { compare, formatComparison, readRealTrials, simulateFailC } from './calibration';
import { compareRecovery, formatRecovery } from './recovery';

const USAGE = `usage: npm run calibrate [-- SEEDS]

fail-C, then what follows a fault (restart, manual failover, the propagation of a promotion), over
SEEDS (like every command's --seeds: 1-200, 1,5,9; a single number N means 1-N; default 200) side by
side with the real Redis measurements in calibration/. Exit 1 if a figure is off by the rule in the
README, 2 on bad usage.`;

/** `npm run calibrate [-- seeds]`: print the side-by-side table; exit 1 if a milestone is off. */
function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.length > 1) throw new UsageError(`calibrate: expected at most one argument (SEEDS), found ${args.length}\n${USAGE}`);
  const spec = args[0] ?? '200';
  const seeds = /^\d+$/.test(spec) ? Array.from({ length: Math.min(Number(spec), 1e6) }, (_, i) => i + 1) : parseSeeds(spec);
  if (seeds.length < 10) throw new UsageError(`calibrate: expected at least 10 seeds for percentiles to mean something, found ${seeds.length} ("${spec}")`);
  const rows = compare(readRealTrials(), simulateFailC(seeds));
  const recovery = compareRecovery(seeds);
  process.stdout.write(`${formatComparison(rows, `${seeds.length}`)}\n\n${formatRecovery(recovery, `${seeds.length}`)}\n`);
  const failed = recovery.filter((r) => !r.passed).length;
  process.stdout.write(`\nafter the fault: ${recovery.length - failed} of ${recovery.length} figures within the rule\n`);
  return rows.every((r) => r.passed) && failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError || e instanceof InputError)) throw e;
  process.stderr.write((e instanceof InputError ? e.problems.map(formatProblem).join('\n') : e.message) + '\n');
  process.exitCode = 2;
}
