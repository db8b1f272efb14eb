import { processFault } from './processFaults';

/** Start a dead node again from its nodes.conf. */
export const restart = processFault('restart', false, { accepts: ['dead'], becomes: 'running' }, (t, node) => t.restart(node));
