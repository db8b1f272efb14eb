import { parentPort } from 'worker_threads';
import { timedRow } from './row';

/** A sweep worker: runs (file, seed) tasks posted by the pool, one at a time. */
parentPort?.on('message', (task: { index: number; file: string; text: string; seed: number }) => {
  try {
    parentPort?.postMessage({ index: task.index, ...timedRow(task) });
  } catch (e) {
    parentPort?.postMessage({ index: task.index, error: e instanceof Error ? e.message : String(e) });
  }
});
