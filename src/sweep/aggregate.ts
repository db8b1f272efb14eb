import { distribution, Distribution } from '../stats/distribution';
import { SweepRow } from './row';
import { ACTION_FIGURES, CLIENT_FIGURES, INTERVALS, OUTAGE_FIGURES } from '../scenario/intervals';

/** Per-scenario statistics of a sweep. */
export interface ScenarioStats {
  scenario: string;
  file: string;
  seeds: number;
  passed: number;
  failed_seeds: { seed: number; expectations: string[] }[];
  /** Interval name to its distribution over the seeds where it was reached. */
  intervals: Record<string, Distribution>;
  bus_messages: Distribution;
}

/** Rows sorted the one way every sweep and merge sorts them: scenario name, then seed. */
export function sortRows(rows: SweepRow[]): SweepRow[] {
  return [...rows].sort((a, b) => (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : a.seed - b.seed));
}

export function aggregate(rows: SweepRow[]): ScenarioStats[] {
  const byScenario = new Map<string, SweepRow[]>();
  for (const r of sortRows(rows)) {
    const list = byScenario.get(r.scenario) ?? [];
    list.push(r);
    byScenario.set(r.scenario, list);
  }
  return [...byScenario].map(([scenario, list]) => {
    const names = [...new Set(list.flatMap((r) => Object.keys(r.intervals)))].sort(intervalOrder);
    const intervals: Record<string, Distribution> = {};
    for (const name of names) {
      const values = list.map((r) => r.intervals[name]).filter((v): v is number => v !== null && v !== undefined);
      if (values.length > 0) intervals[name] = distribution(values);
    }
    return {
      scenario,
      file: list[0].file,
      seeds: list.length,
      passed: list.filter((r) => r.passed).length,
      failed_seeds: list.filter((r) => !r.passed).map((r) => ({ seed: r.seed, expectations: r.failed_expectations })),
      intervals,
      bus_messages: distribution(list.map((r) => r.bus_messages)),
    };
  });
}

const ORDER: readonly string[] = INTERVALS;
const LAST: readonly string[] = [...OUTAGE_FIGURES, ...CLIENT_FIGURES, ...ACTION_FIGURES];

/** First failover's intervals in milestone order, then the second's, and so on; an outage's, the clients' and actions' figures last. */
export function intervalOrder(a: string, b: string): number {
  const key = (s: string): [number, number] => {
    const m = /^f(\d+)_(.*)$/.exec(s);
    if (LAST.includes(s)) return [Infinity, LAST.indexOf(s)];
    return m ? [Number(m[1]), ORDER.indexOf(m[2])] : [1, ORDER.indexOf(s)];
  };
  const [fa, ia] = key(a);
  const [fb, ib] = key(b);
  return fa - fb || ia - ib;
}
