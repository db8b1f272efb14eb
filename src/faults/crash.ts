import { processFault } from './processFaults';

/** SIGKILL: sockets reset, state kept in nodes.conf. */
export const crash = processFault('crash', true, { accepts: ['running', 'paused'], becomes: 'dead' }, (t, node) => t.crash(node));
