import { SingleBar } from 'cli-progress';

/** A progress bar on stderr when it is a terminal; nothing otherwise. Returns the update function and a stop function. */
export function progressBar(enabled: boolean): { update: (done: number, total: number) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: '  {bar} {value}/{total} runs | {rate} runs/s | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  let t0 = 0;
  return {
    update: (done, total) => {
      if (!started) {
        started = true;
        t0 = Date.now(); // nondeterminism-ok: progress display only
        bar.start(total, 0, { rate: '0' });
      }
      const rate = done / Math.max(0.001, (Date.now() - t0) / 1000); // nondeterminism-ok: progress display only
      bar.update(done, { rate: rate.toFixed(0) });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
