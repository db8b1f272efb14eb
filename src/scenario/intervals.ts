/**
 * The intervals measured per failover, from the fault that caused it (report/summary.ts measures
 * them; `check:` sets tolerances on them; sweeps and baselines list them in this order).
 */
export const INTERVALS = ['detection', 'agreement', 'election', 'promotion', 'convergence', 'unavailability'] as const;

export type IntervalName = (typeof INTERVALS)[number];
