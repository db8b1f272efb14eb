/**
 * Bounds on what a scenario or a command may ask for: far beyond any real use, and low enough that
 * a mistyped number is refused at once instead of running for days or exhausting memory.
 */
export const LIMITS = {
  /** A scenario file's size. */
  fileBytes: 4 * 1024 * 1024,
  /** Nodes in a cluster (Redis's own guidance is up to 1000). */
  nodes: 2000,
  /** Entries of `events:` and `expect:`. */
  events: 10_000,
  /** Faults and undos once `repeat:` is expanded. */
  scheduled: 100_000,
  /** Any time in a scenario (duration, at, for, every, by), and --until / --at: 24 hours. */
  timeUs: 24 * 3600 * 1_000_000,
  /** Clients in a workload, keys per client, and operations per second per client. */
  clients: 100,
  keys: 10_000_000,
  opsPerSecond: 100_000,
  /** Operations one client issues in a run (its rates times its time). */
  operations: 20_000_000,
  /** Seeds in one --seeds list, and runs in one sweep. */
  runs: 1_000_000,
} as const;

export const MAX_TIME_TEXT = '1440m (24 hours)';
