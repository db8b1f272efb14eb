/** Fixed values from Redis 7.0's cluster.h and cluster.c (milliseconds unless stated). */
export const CRON_PERIOD_MS = 100;
/** The cron's once-a-second cycle, in µs: ten ticks (where serverCron's run_with_period(1000) work falls). */
export const CRON_CYCLE_US = 10 * CRON_PERIOD_MS * 1000;
/**
 * How much longer than CRON_PERIOD_MS a real serverCron period lasts: ae re-arms the timer when the
 * cron has run (CRON_RUN_US, with the wake-up), and epoll's timeout is rounded up to a whole ms, so a
 * tick comes up to EPOLL_GRAIN_US later again, by where the last wake-up before it fell. Measured on
 * a real 7.0.15 six-node cluster with tcpdump (the five others' reconnect SYNs to a dead node, one per
 * tick, 994 periods): uniform over 100.4 to 101.4 ms (p10 100.47, median 100.88, p90 101.27), each
 * independent of the last (lag-1 correlation -0.05 to 0.12), so the processes' phases drift apart as
 * a random walk; on 10 nodes, from their logs, a mean of 100.75 to 100.92 ms. Thresholds of whole
 * ticks depend on it: NT/2 = 1500 ms is passed after 15 ticks (about 1513 ms) rather than 16, and a
 * 3000 ms node timeout after 30 rather than 31.
 */
export const CRON_RUN_US = 350;
export const EPOLL_GRAIN_US = 1000;
/** serverCron first runs about 1 ms after a restarted process starts its event loop. */
export const FIRST_CRON_AFTER_RESTART_MS = 1;
/**
 * What saving nodes.conf without fsync (CLUSTER_TODO_SAVE_CONFIG in beforeSleep, after the state
 * update that comes with it) keeps a node busy: CLUSTER SETSLOT ... STABLE answers in 100-110 µs
 * against 56-67 µs for CLUSTER COUNTKEYSINSLOT (redis-benchmark -c 1 -n 5000, Redis 7.0.15 on the
 * calibration machine, six nodes). Most of it is the description of every node, not the write.
 */
export const CONFIG_SAVE_MS = 0.04;
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
