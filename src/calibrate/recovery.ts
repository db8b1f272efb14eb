import { readFileSync } from 'fs';
import { join } from 'path';
import { RandomStream } from '../engine/random';
import { AnyEvent } from '../journal/journal';
import { loadScenario } from '../scenario/load';
import { runScenario } from '../sim/run';
import { distribution } from '../stats/distribution';
import { judge, RealSummary, Verdict } from './verdict';

/**
 * What follows a fault, against the real Redis 7.0.15 figures in calibration/: a restart of the
 * failed master, manual failover in its three modes, and how long the others take to learn of a
 * promotion. Each real row is a min / median / p90 / max over n trials; each simulated figure is
 * measured the way the real harness measured it: from the servers' logs (exact), or by polling every
 * node every 10 ms, a figure being the first poll round that shows it. The harness polls in rounds
 * (all nodes within a fraction of a millisecond); after a kill or a restart their phase is random,
 * after CLUSTER FAILOVER they resume when the command has returned (its real latency, in the data)
 * plus one round's work, so the real S6 poll figures sit on that grid.
 */

export const RECOVERY_DATA = join(__dirname, '..', '..', 'calibration', 'real-redis-7.0.15-recovery.md');
const SCENARIOS = join(__dirname, '..', '..', 'scenarios');
const POLL_MS = 10;
/** From the command's return to the first poll round's answers (real: own-view rows 0.7-0.9 ms after it). */
const POLL_ROUND_MS = 0.7;

/** Each node's view of one node, as its events tell it. */
interface View {
  role: 'master' | 'replica';
  pfail: boolean;
  fail: boolean;
}

/** The events of one run, and the instant of its fault in ms. */
interface Trial {
  events: AnyEvent[];
  faultMs: number;
  live: string[];
  /** The instant of one poll round, in ms; the others follow every POLL_MS. */
  pollAt: number;
}

type Measure = (t: Trial) => number | null;

export interface RecoveryFigure {
  scenario: string;
  /** The fault whose instant the figure counts from. */
  after: 'crash' | 'restart' | 'failover';
  /** The start of the table's heading and the row's label in the real data. */
  section: string;
  row: string;
  measure: Measure;
}

const ms = (us: number): number => us / 1000;

/** When `node` itself logged `event` (after the fault), in ms after the fault. */
function logged(node: string, event: AnyEvent['event'], pred: (e: AnyEvent) => boolean = () => true): Measure {
  return (t) => {
    const e = t.events.find((x) => ms(x.timeUs) >= t.faultMs && x.node === node && x.event === event && pred(x));
    return e ? ms(e.timeUs) - t.faultMs : null;
  };
}

/** When a poll of `node` first shows that it logged `event` (ROLE's master_link_status, for instance). */
function polledEvent(node: string, event: AnyEvent['event']): Measure {
  return (t) => {
    const at = logged(node, event)(t);
    return at === null ? null : nextPoll(t, at + t.faultMs) - t.faultMs;
  };
}

/** The first poll round at or after `ms`. */
function nextPoll(t: Trial, ms: number): number {
  return t.pollAt + Math.ceil((ms - t.pollAt) / POLL_MS) * POLL_MS;
}

/** When a poll of `node` first shows its own `role`. */
function polledSelf(node: string, role: 'master' | 'replica'): Measure {
  return (t) => polledWhenAll(t, [node], subjectIs(node, role));
}

/** When the first poll shows every live node's view of `subject` meeting `ok`. */
function polledAll(subject: string, ok: (v: View) => boolean): Measure {
  return (t) => polledWhenAll(t, t.live, (node) => ({ subject, ok, node }));
}

function subjectIs(subject: string, role: 'master' | 'replica'): (node: string) => { subject: string; ok: (v: View) => boolean; node: string } {
  return (node) => ({ subject, node, ok: (v) => v.role === role });
}

/**
 * For each observer, the last instant its view of the subject became good (it stays good to the
 * end), seen at that observer's next poll; the latest of these, in ms after the fault.
 */
function polledWhenAll(t: Trial, observers: string[], what: (node: string) => { subject: string; ok: (v: View) => boolean; node: string }): number | null {
  let latest = -Infinity;
  for (const observer of observers) {
    const { subject, ok } = what(observer);
    const since = goodSince(t, observer, subject, ok);
    if (since === null) return null;
    latest = Math.max(latest, nextPoll(t, since));
  }
  return latest - t.faultMs;
}

function goodSince(t: Trial, observer: string, subject: string, ok: (v: View) => boolean): number | null {
  const view: View = { role: 'master', pfail: false, fail: false };
  let since: number | null = null;
  for (const e of t.events) {
    if (e.node !== observer || e.subject !== subject || !apply(view, e)) continue;
    const at = ms(e.timeUs);
    if (!ok(view)) since = null;
    else if (since === null) since = at;
  }
  return since === null ? null : Math.max(since, t.faultMs);
}

/** Apply `e` to an observer's view of its subject; false if it does not touch the view. */
function apply(v: View, e: AnyEvent): boolean {
  switch (e.event) {
    case 'role_change':
      v.role = e.detail.role;
      return true;
    case 'pfail_set':
      v.pfail = true;
      return true;
    case 'pfail_cleared':
      v.pfail = false;
      return true;
    case 'fail_set':
      v.fail = true;
      v.pfail = false;
      return true;
    case 'fail_cleared':
      v.fail = false;
      return true;
    default:
      return false;
  }
}

const difference = (a: Measure, b: Measure): Measure => (t) => {
  const x = a(t);
  const y = b(t);
  return x === null || y === null ? null : x - y;
};

const isMaster = (v: View): boolean => v.role === 'master';
const cleanReplica = (v: View): boolean => v.role === 'replica' && !v.fail && !v.pfail;
const myselfReplica = (e: AnyEvent): boolean => e.event === 'role_change' && e.subject === e.node && e.detail.role === 'replica';

function manualFailover(mode: 'default' | 'force' | 'takeover', heading: string): RecoveryFigure[] {
  const section = `S6 manual failover: CLUSTER FAILOVER ${heading}`;
  const figure = (row: string, measure: Measure): RecoveryFigure => ({ scenario: `manual-failover-${mode}.yaml`, after: 'failover', section, row, measure });
  // TAKEOVER holds no election.
  const election = mode === 'takeover' ? [] : [figure('C1 starts election (log)', logged('C1', 'election_started')), figure('C1 wins election (log)', logged('C1', 'election_won'))];
  return [
    ...election,
    figure('C reconfigures itself as replica of C1 (log)', logged('C', 'role_change', myselfReplica)),
    figure("all 6 nodes see C1 master of C's slots", polledAll('C1', isMaster)),
    figure('all 6 nodes see C as slave of C1', polledAll('C', (v) => v.role === 'replica')),
    figure('C replication link up (ROLE connected)', polledEvent('C', 'replication_connected')),
  ];
}

const failC = (row: string, measure: Measure): RecoveryFigure => ({ scenario: 'fail-C.yaml', after: 'crash', section: 'S1 fail-C', row, measure });
const restart = (row: string, measure: Measure): RecoveryFigure => ({ scenario: 'restart-failed-master.yaml', after: 'restart', section: 'S1 fail-C', row, measure });

export const RECOVERY_FIGURES: RecoveryFigure[] = [
  failC('-- interval: election won - election start (log)', difference(logged('C1', 'election_won'), logged('C1', 'election_started'))),
  failC('-- interval: all see C1 master - C1 self master', difference(polledAll('C1', isMaster), polledSelf('C1', 'master'))),
  restart('S4: C reconfigures itself as replica of C1 (log)', logged('C', 'role_change', myselfReplica)),
  restart('S4: all 6 nodes see C as slave of C1, no fail flag', polledAll('C', cleanReplica)),
  restart('S4: C replication link up (ROLE connected; full sync, diskless delay 5 s)', polledEvent('C', 'replication_connected')),
  ...manualFailover('default', ' on C1'),
  ...manualFailover('force', 'FORCE'),
  ...manualFailover('takeover', 'TAKEOVER'),
];

/** The real rows of the recovery file: section heading -> row label -> summary. */
export function readRecoveryData(file = RECOVERY_DATA): Map<string, Map<string, RealSummary>> {
  const out = new Map<string, Map<string, RealSummary>>();
  let section = new Map<string, RealSummary>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line.startsWith('## ')) out.set(line.slice(3), (section = new Map()));
    const cells = line.split('|').map((c) => c.trim());
    const values = cells[3]?.split('/').map((v) => Number(v.trim()));
    if (cells.length !== 5 || !values || values.length !== 4 || values.some((v) => !Number.isFinite(v))) continue;
    const [min, p50, p90, max] = values;
    section.set(cells[1], { n: Number(cells[2]), min, p50, p90, max });
  }
  return out;
}

function realFigure(data: Map<string, Map<string, RealSummary>>, f: RecoveryFigure): RealSummary {
  for (const [heading, rows] of data) {
    const r = heading.startsWith(f.section) ? rows.get(f.row) : undefined;
    if (r) return r;
  }
  throw new Error(`calibration data has no row "${f.row}" under "${f.section}"`);
}

/** Every figure of one scenario, for each seed; `commandMs` is the real command's latency (S6). */
function simulate(scenario: string, figures: RecoveryFigure[], seeds: readonly number[], commandMs: number | null): number[][] {
  const out = figures.map(() => [] as number[]);
  for (const seed of seeds) {
    const s = loadScenario(join(SCENARIOS, scenario), seed);
    const journal = runScenario(s).journal;
    const fault = journal.events.find((e) => (e.event === 'fault' || e.event === 'action') && e.detail.kind === figures[0].after);
    if (!fault) continue;
    const faultMs = ms(fault.timeUs);
    const offset = commandMs === null ? RandomStream.derive(seed, 'calibrate/poll').next() * POLL_MS : commandMs + POLL_ROUND_MS;
    const trial: Trial = { events: journal.events, faultMs, live: liveAtEnd(journal.events), pollAt: faultMs + offset };
    figures.forEach((f, i) => {
      const v = f.measure(trial);
      if (v !== null) out[i].push(v);
    });
  }
  return out;
}

function liveAtEnd(events: AnyEvent[]): string[] {
  const state = new Map<string, string>();
  for (const e of events) if (e.event === 'process_state') state.set(e.subject, e.detail.state);
  return [...state].filter(([, st]) => st === 'running').map(([name]) => name);
}

export interface RecoveryRow extends Verdict {
  figure: RecoveryFigure;
}

export function compareRecovery(seeds: readonly number[], data = readRecoveryData()): RecoveryRow[] {
  const rows: RecoveryRow[] = [];
  for (const scenario of [...new Set(RECOVERY_FIGURES.map((f) => f.scenario))]) {
    const figures = RECOVERY_FIGURES.filter((f) => f.scenario === scenario);
    const command = [...data].find(([h]) => h.startsWith(figures[0].section))?.[1].get('CLUSTER FAILOVER command returned');
    const values = simulate(scenario, figures, seeds, figures[0].after === 'failover' ? (command?.p50 ?? 0) : null);
    figures.forEach((figure, i) => rows.push({ figure, ...judge(realFigure(data, figure), distribution(values[i])) }));
  }
  return rows;
}

export function formatRecovery(rows: RecoveryRow[], seeds: string): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(7);
  const lines = [`After the fault: real Redis 7.0.15 vs simulation (${seeds} seeds), ms after the fault`];
  let scenario = '';
  for (const r of rows) {
    if (r.figure.scenario !== scenario) {
      scenario = r.figure.scenario;
      lines.push('', `${scenario} (after the ${r.figure.after})`, `${'figure'.padEnd(62)} real n    min     p50     max | sim p10     p50     p90 |  ok`);
    }
    lines.push(`${r.figure.row.slice(0, 62).padEnd(62)} ${String(r.real.n).padStart(6)} ${f(r.real.min)} ${f(r.real.p50)} ${f(r.real.max)} | ${f(r.sim.p10)} ${f(r.sim.p50)} ${f(r.sim.p90)} | ${r.passed ? 'yes' : ' NO'}`);
  }
  return lines.join('\n');
}
