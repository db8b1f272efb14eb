import { processFault } from './processFaults';

/**
 * SHUTDOWN: the node saves nodes.conf and exits, closing its connections so that what it had sent
 * still arrives (a kill resets them). As in Redis 7.0 the cluster learns of it by timeout, as of a
 * crash: no failover is asked for. (Redis 7.0's shutdown-timeout wait for replicas to catch up is
 * not modelled: the model's replication has offsets, not writes to drain.)
 */
export const shutdown = processFault('shutdown', true, { accepts: ['running'], becomes: 'dead' }, (t, node) => t.shutdown(node));
