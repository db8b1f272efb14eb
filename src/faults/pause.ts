import { list } from './fault';
import { processFault } from './processFaults';

const stop = processFault('pause', true, { accepts: ['running'], becomes: 'paused' }, (t, node) => t.pause(node));

/** SIGSTOP; `for:` resumes the nodes it stopped after a while. */
export const pause: typeof stop = {
  ...stop,
  apply: (t, n) => {
    const stopped = n.filter((node) => t.state(node) === 'running');
    stop.apply(t, n);
    return () => stopped.forEach((node) => t.state(node) === 'paused' && t.resume(node));
  },
  undo: { process: { accepts: ['paused'], becomes: 'running' }, label: (n) => `resume ${list(n)}`, nodes: (n) => n },
};
