import { compare, formatComparison, readRealTrials, simulateFailC } from './calibration';

/** `npm run calibrate [-- seeds]`: print the side-by-side table; exit 1 if a milestone is off. */
const seeds = Number(process.argv[2] ?? 200);
const rows = compare(readRealTrials(), simulateFailC(seeds));
process.stdout.write(formatComparison(rows, seeds) + '\n');
process.exitCode = rows.every((r) => r.passed) ? 0 : 1;
