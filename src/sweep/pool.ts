import { resolve } from 'path';
import { Worker } from 'worker_threads';
import { SweepRow, timedRow } from './row';

export interface SweepTask {
  file: string;
  text: string;
  seed: number;
}

/** Always the compiled worker, also when this module runs from the TypeScript sources under jest. */
const WORKER = resolve(__dirname, '..', '..', 'dist', 'sweep', 'worker.js');

/** Called as each task finishes: how many are done, which one, and its wall time (for reports such as JUnit, never for rows). */
export type OnDone = (done: number, index: number, wallMs: number) => void;

/**
 * Run every task and return the rows in task order, whatever the number of workers: results are
 * placed by task index, so scheduling never changes the output.
 */
export async function runTasks(tasks: SweepTask[], workers: number, onDone: OnDone): Promise<SweepRow[]> {
  const rows = new Array<SweepRow>(tasks.length);
  if (workers <= 1) {
    tasks.forEach((t, i) => {
      const { row, wallMs } = timedRow(t);
      rows[i] = row;
      onDone(i + 1, i, wallMs);
    });
    return rows;
  }
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => new Worker(WORKER));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((ok, fail) => {
            const feed = (): void => {
              if (next >= tasks.length) return ok();
              const index = next++;
              w.postMessage({ index, ...tasks[index] });
            };
            w.on('message', (m: { index: number; row?: SweepRow; wallMs: number; error?: string }) => {
              if (m.error !== undefined || !m.row) return fail(new Error(`${tasks[m.index].file} seed ${tasks[m.index].seed}: ${m.error}`));
              rows[m.index] = m.row;
              onDone(++done, m.index, m.wallMs);
              feed();
            });
            w.on('error', fail);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return rows;
}
