import { processFault } from './processFaults';

/** Start a dead node again from its nodes.conf. */
export const restart = processFault('restart', false, (t, node) => {
  if (t.state(node) === 'crashed') t.restart(node);
});
