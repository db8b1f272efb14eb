import { availableParallelism } from 'os';
import { UsageError } from '../scenario/errors';
import { LIMITS } from '../scenario/limits';
import { compileScenario, readScenarioFile } from '../scenario/load';
import { buildResult, SweepResult } from './output';
import { runTasks, SweepTask } from './pool';

export interface SweepOptions {
  files: string[];
  seeds: number[];
  workers?: number;
  shard?: { index: number; count: number };
  onProgress?: (done: number, total: number) => void;
  /** Wall time of each run, by scenario file (JUnit's time attributes). */
  onRun?: (file: string, wallMs: number) => void;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Run every seed of every scenario (or this shard's share: every Nth task). Scenario files are
 * validated up front, so bad input fails before any work starts.
 */
export async function sweep(opts: SweepOptions): Promise<SweepResult> {
  const texts = opts.files.map((f) => {
    const text = readScenarioFile(f);
    compileScenario(f, text);
    return text;
  });
  const runs = opts.files.length * opts.seeds.length;
  if (runs > LIMITS.runs) throw new UsageError(`a sweep of ${opts.files.length} scenario(s) x ${opts.seeds.length} seeds is ${runs} runs; at most ${LIMITS.runs} are allowed`);
  const shard = opts.shard ?? { index: 0, count: 1 };
  const all: SweepTask[] = opts.files.flatMap((file, i) => opts.seeds.map((seed) => ({ file, text: texts[i], seed })));
  const tasks = all.filter((_, i) => i % shard.count === shard.index);
  const rows = await runTasks(tasks, opts.workers ?? defaultWorkers(), (done, index, wallMs) => {
    opts.onProgress?.(done, tasks.length);
    opts.onRun?.(tasks[index].file, wallMs);
  });
  return buildResult(rows);
}
