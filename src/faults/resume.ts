import { processFault } from './processFaults';

/** SIGCONT: a stopped process handles, in order, everything that waited for it. */
export const resume = processFault('resume', false, (t, node) => t.resume(node));
