import { parse } from 'csv-parse/sync';
import { Summary } from '../report/summary';

/**
 * What the run report draws, from a result directory's files alone (events.csv, nodes.csv,
 * summary.json): so `sim report DIR` and `sim run --html` draw the same thing.
 */
export interface RunReportData {
  summary: Pick<Summary, 'scenario' | 'seed' | 'tool' | 'duration_ms' | 'formed_ms' | 'expectations' | 'failovers' | 'faults' | 'sent_per_second' | 'warnings'>;
  /** The nodes drawn, one lane each (all of them up to MAX_LANES). */
  lanes: string[];
  /** Nodes not drawn (large clusters). */
  hiddenLanes: number;
  /** [lane, start s, end s, role, epochs text]. */
  roles: [number, number, number, string, string][];
  /** [lane, start s, end s]: the node reports cluster_state fail. */
  stateFail: [number, number, number][];
  /** [lane, time s, kind, events.csv row index]. */
  marks: [number, number, string, number][];
  /** [first lane, last lane, start s, end s, label] per fault, per contiguous run of lanes it touches. */
  faultSpans: [number, number, number, number, string][];
  /** events.csv rows (time_ms, node, event, subject, epoch, detail), all of them up to MAX_EVENTS. */
  events: string[][];
  hiddenEvents: number;
  /** With a workload (workload.csv): per master's slots at the start, [second, writes ok, writes not ok, p99 ms] rows. */
  clients: Record<string, [number, number, number, number | null][]> | null;
}

export const MAX_LANES = 60;
export const MAX_EVENTS = 20_000;
const MARKED = new Set(['pfail_set', 'fail_set', 'election_scheduled', 'election_started', 'vote_granted', 'election_won', 'master_replaced']);

export function runReportData(files: { events: string; nodes: string; summary: string; workload?: string }): RunReportData {
  const summary = JSON.parse(files.summary) as Summary;
  const events = (parse(files.events, { relax_column_count: true }) as string[][]).slice(1);
  const views = (parse(files.nodes) as string[][]).slice(1);
  const lanes = pickLanes(summary, [...new Set(views.map((v) => v[1]))]);
  const laneOf = new Map(lanes.map((n, i) => [n, i]));
  const end = summary.duration_ms / 1000;
  const { roles, stateFail } = roleSpans(views, laneOf, end, pausedSpans(events));
  const marks: RunReportData['marks'] = [];
  events.forEach((e, i) => {
    const lane = laneOf.get(e[1]);
    if (lane !== undefined && MARKED.has(e[2])) marks.push([lane, Number(e[0]) / 1000, e[2], i]);
  });
  return {
    summary,
    lanes,
    hiddenLanes: views.length ? new Set(views.map((v) => v[1])).size - lanes.length : 0,
    roles,
    stateFail,
    marks,
    faultSpans: summary.faults.flatMap((f) => laneRuns(f.nodes, laneOf).map(([a, b]) => [a, b, f.at_ms / 1000, (f.until_ms ?? f.at_ms) / 1000, f.label] as [number, number, number, number, string])),
    events: events.slice(0, MAX_EVENTS),
    hiddenEvents: Math.max(0, events.length - MAX_EVENTS),
    clients: files.workload === undefined ? null : clientSeconds(files.workload),
  };
}

/** workload.csv's rows by master: ok writes, the rest (failed and timed out), and the p99 latency of successes. */
function clientSeconds(csv: string): NonNullable<RunReportData['clients']> {
  const out: NonNullable<RunReportData['clients']> = {};
  for (const r of parse(csv, { columns: true }) as Record<string, string>[]) {
    (out[r.master] ??= []).push([Number(r.second), Number(r.writes_ok), Number(r.writes_failed) + Number(r.writes_timeout), r.p99_ms === '' ? null : Number(r.p99_ms)]);
  }
  return out;
}

/** Every node a fault or failover touched first, then the rest in scenario order, up to MAX_LANES. */
function pickLanes(summary: Summary, all: string[]): string[] {
  const touched = new Set([...summary.faults.flatMap((f) => f.nodes), ...summary.failovers.flatMap((f) => [f.failed, f.promoted])]);
  if (all.length <= MAX_LANES) return all;
  const first = all.filter((n) => touched.has(n)).slice(0, MAX_LANES);
  return [...first, ...all.filter((n) => !touched.has(n)).slice(0, MAX_LANES - first.length)];
}

/** Each node's SIGSTOP spans, from its process_state rows. */
function pausedSpans(events: string[][]): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  const since = new Map<string, number>();
  for (const e of events) {
    if (e[2] !== 'process_state') continue;
    const t = Number(e[0]) / 1000;
    if (e[5] === 'paused') since.set(e[3], t);
    else if (since.has(e[3])) {
      out.set(e[3], [...(out.get(e[3]) ?? []), [since.get(e[3]) as number, t]]);
      since.delete(e[3]);
    }
  }
  for (const [node, t] of since) out.set(node, [...(out.get(node) ?? []), [t, Infinity]]);
  return out;
}

function roleSpans(views: string[][], laneOf: Map<string, number>, end: number, paused: Map<string, [number, number][]>): Pick<RunReportData, 'roles' | 'stateFail'> {
  const roles: RunReportData['roles'] = [];
  const stateFail: RunReportData['stateFail'] = [];
  const last = new Map<string, string[]>();
  const close = (v: string[], until: number): void => {
    const lane = laneOf.get(v[1]) as number;
    const from = Number(v[0]) / 1000;
    const role = v[2] === 'replica' ? `replica of ${v[3]}` : v[2];
    roles.push([lane, from, until, role, `currentEpoch ${v[4]}, configEpoch ${v[5]}`]);
    if (v[6] === 'fail') stateFail.push([lane, from, until]);
  };
  for (const v of views) {
    if (!laneOf.has(v[1])) continue;
    const prev = last.get(v[1]);
    if (prev) close(prev, Number(v[0]) / 1000);
    last.set(v[1], v);
  }
  for (const v of last.values()) close(v, end);
  for (const [node, spans] of paused) {
    const lane = laneOf.get(node);
    if (lane !== undefined) for (const [a, b] of spans) roles.push([lane, a, Math.min(b, end), 'paused', 'SIGSTOP']);
  }
  return { roles, stateFail };
}

/** The lanes of `nodes` as runs of consecutive lanes, so a fault's span is a few rectangles. */
function laneRuns(nodes: string[], laneOf: Map<string, number>): [number, number][] {
  const lanes = [...new Set(nodes.map((n) => laneOf.get(n)).filter((l): l is number => l !== undefined))].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const l of lanes) {
    const lastRun = runs[runs.length - 1];
    if (lastRun && lastRun[1] === l - 1) lastRun[1] = l;
    else runs.push([l, l]);
  }
  return runs;
}
