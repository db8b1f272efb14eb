import { processFault } from './processFaults';

/** SIGCONT: a stopped process handles, in order, everything that waited for it. */
export const resume = processFault('resume', false, { accepts: ['paused'], becomes: 'running' }, (t, node) => t.resume(node));
