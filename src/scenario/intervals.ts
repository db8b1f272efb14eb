/**
 * The intervals measured per failover, from the fault that caused it (report/summary.ts measures
 * them; `check:` sets tolerances on them; sweeps and baselines list them in this order).
 */
export const INTERVALS = ['detection', 'agreement', 'election', 'promotion', 'convergence', 'unavailability'] as const;

export type IntervalName = (typeof INTERVALS)[number];

/**
 * What a workload adds to a run's figures: the longest client-visible unavailability of a slot
 * range after the first fault (ms), the acknowledged writes lost and (when clients read) the stale
 * reads (counts). Sweeps and baselines list them after every failover's intervals; `check:` takes
 * tolerances on them by these names.
 */
export const CLIENT_FIGURES = ['client_unavailable', 'lost_writes', 'stale_reads'] as const;

/**
 * A run's first outage that no failover followed (report/outages.ts), in ms from its fault: the
 * first PFAIL and FAIL of the node, and the last of the others clearing the flag after it returned.
 */
export const OUTAGE_FIGURES = ['outage_detection', 'outage_agreement', 'outage_cleared'] as const;

/** What an operator's action takes: a reshard from its start until redis-cli's last reply (the first reshard of a run). */
export const ACTION_FIGURES = ['reshard'] as const;

/** The figures that are counts, not times. */
export const COUNT_FIGURES: readonly string[] = ['lost_writes', 'stale_reads'];

/** The names `check.intervals` accepts. */
export const CHECKED_FIGURES: readonly string[] = [...INTERVALS, ...OUTAGE_FIGURES, ...CLIENT_FIGURES, ...ACTION_FIGURES];

/** A figure's column in sweep.csv: times end in _ms, counts do not. */
export function figureColumn(name: string): string {
  return COUNT_FIGURES.includes(name) ? name : `${name}_ms`;
}
