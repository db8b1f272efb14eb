import { list } from './fault';
import { processFault } from './processFaults';

const stop = processFault('pause', true, (t, node) => t.pause(node));

/** SIGSTOP; `for:` resumes the nodes after a while. */
export const pause: typeof stop = {
  ...stop,
  apply: (t, n) => {
    stop.apply(t, n);
    return () => n.forEach((node) => t.resume(node));
  },
  undo: { name: 'resume', cause: false, label: (n) => `resume ${list(n)}`, nodes: (n) => n },
};
