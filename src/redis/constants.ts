/** Fixed values from Redis 7.0's cluster.h and cluster.c (milliseconds unless stated). */
export const CRON_PERIOD_MS = 100;
/** serverCron first runs about 1 ms after a restarted process starts its event loop. */
export const FIRST_CRON_AFTER_RESTART_MS = 1;
/** clusterCron runs the random ping once every 10 iterations. */
export const RANDOM_PING_EVERY = 10;
export const RANDOM_PING_SAMPLES = 5;
export const FAIL_REPORT_VALIDITY_MULT = 2;
export const FAIL_UNDO_TIME_MULT = 2;
export const MF_TIMEOUT_MS = 5000;
export const MF_PAUSE_MULT = 2;
export const SLAVE_MIGRATION_DELAY_MS = 5000;
export const MIN_REJOIN_DELAY_MS = 500;
export const MAX_REJOIN_DELAY_MS = 5000;
export const WRITABLE_DELAY_MS = 2000;
/** Gossip pong_received may be moved at most this far into the future. */
export const GOSSIP_PONG_SKEW_MS = 500;
export const NODE_ID_LENGTH = 40;
export const BUS_PORT_OFFSET = 10000;
