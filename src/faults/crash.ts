import { processFault } from './processFaults';

/** SIGKILL: sockets reset, state kept in nodes.conf. */
export const crash = processFault('crash', true, (t, node) => t.crash(node));
