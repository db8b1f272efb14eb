import { LatencyModel } from '../net/latency';
import { LossMode } from '../net/linkConfig';
import { FailoverMode } from '../redis/manualFailover';
import { Problems } from './problems';
import { RawSelector, SelectorResolver } from './selectors';
import { parseTime } from './time';
import { Action, NetworkSpec, ScheduledAction } from './types';
import { parseLatency, RawLatency } from './network';

/** The `events:` section: faults and operator actions, with `for:` (undo after a while) and `repeat:`. */

type Sel = RawSelector | RawSelector[];
export interface RawEvent {
  at: string;
  for?: string;
  repeat?: { every: string; times: number };
  crash?: Sel;
  restart?: Sel;
  pause?: Sel;
  resume?: Sel;
  isolate?: Sel;
  heal?: Sel;
  partition?: RawSelector[][] | { from: Sel; to: Sel; 'one-way'?: boolean };
  loss?: { from?: Sel; to?: Sel; rate: number; mode?: LossMode };
  latency?: RawLatency & { from?: Sel; to?: Sel };
  'clock-jump'?: { node: Sel; by: string };
  'clock-drift'?: { node: Sel; ppm: number };
  failover?: Sel;
  mode?: FailoverMode;
}

const ACTION_KEYS = ['crash', 'restart', 'pause', 'resume', 'isolate', 'heal', 'partition', 'loss', 'latency', 'clock-jump', 'clock-drift', 'failover'] as const;
const UNDOABLE = ['pause', 'isolate', 'partition', 'loss', 'latency'];

export function compileEvents(raw: RawEvent[], sel: SelectorResolver, net: NetworkSpec, durationUs: number, p: Problems): ScheduledAction[] {
  const out: ScheduledAction[] = [];
  raw.forEach((ev, i) => {
    const path = ['events', i];
    const keys = ACTION_KEYS.filter((k) => ev[k] !== undefined);
    if (keys.length !== 1) {
      p.add(path, `events[${i}]: expected exactly one action (${ACTION_KEYS.join(', ')}), found ${keys.length ? keys.join(' and ') : 'none'}`);
      return;
    }
    const key = keys[0];
    if (ev.for !== undefined && !UNDOABLE.includes(key)) p.add([...path, 'for'], `events[${i}].for: "for" applies to ${UNDOABLE.join(', ')}, not to ${key}`);
    if (ev.mode !== undefined && key !== 'failover') p.add([...path, 'mode'], `events[${i}].mode: "mode" applies to failover only`);
    const steps = compileAction(key, ev, sel, net, [...path, key]);
    const at = parseTime(ev.at);
    if (at > durationUs) p.add([...path, 'at'], `events[${i}].at: ${ev.at} is after the end of the run (duration ${durationUs / 1e6}s)`);
    const every = ev.repeat ? parseTime(ev.repeat.every) : 0;
    const times = ev.repeat?.times ?? 1;
    for (let r = 0; r < times; r++) {
      const start = at + r * every;
      out.push({ atUs: start, ...steps.doIt });
      if (ev.for !== undefined && steps.undo) out.push({ atUs: start + parseTime(ev.for), ...steps.undo });
    }
  });
  return out.sort((a, b) => a.atUs - b.atUs);
}

interface Step {
  action: Action;
  label: string;
}

function compileAction(key: (typeof ACTION_KEYS)[number], ev: RawEvent, sel: SelectorResolver, net: NetworkSpec, path: (string | number)[]): { doIt: Step; undo?: Step } {
  const nodes = (s: Sel | undefined, at = path): string[] => (s === undefined ? sel.resolve('all', at) : sel.resolve(s, at));
  const list = (names: string[]): string => names.join(',');
  switch (key) {
    case 'crash':
    case 'restart':
    case 'resume': {
      const n = nodes(ev[key]);
      return { doIt: { action: { kind: key, nodes: n }, label: `${key} ${list(n)}` } };
    }
    case 'pause': {
      const n = nodes(ev.pause);
      return { doIt: { action: { kind: 'pause', nodes: n }, label: `pause ${list(n)}` }, undo: { action: { kind: 'resume', nodes: n }, label: `resume ${list(n)}` } };
    }
    case 'heal': {
      const all = ev.heal === 'all';
      const n = all ? 'all' : nodes(ev.heal);
      return { doIt: { action: { kind: 'heal', nodes: n }, label: `heal ${all ? 'all' : list(n as string[])}` } };
    }
    case 'isolate': {
      const n = nodes(ev.isolate);
      const rest = sel.resolve('all', path).filter((x) => !n.includes(x));
      return {
        doIt: { action: { kind: 'partition', cuts: [{ from: n, to: rest }], oneWay: false }, label: `isolate ${list(n)}` },
        undo: healStep(n),
      };
    }
    case 'partition':
      return compilePartition(ev, sel, path);
    case 'loss': {
      const l = ev.loss as NonNullable<RawEvent['loss']>;
      const from = nodes(l.from, [...path, 'from']);
      const to = nodes(l.to, [...path, 'to']);
      const label = `loss ${l.rate} ${list(from)} -> ${list(to)}`;
      return {
        doIt: { action: { kind: 'loss', from, to, loss: l.rate, lossMode: l.mode }, label },
        undo: { action: { kind: 'loss', from, to, loss: net.loss, lossMode: net.lossMode }, label: `restore loss ${list(from)} -> ${list(to)}` },
      };
    }
    case 'latency': {
      const l = ev.latency as NonNullable<RawEvent['latency']>;
      const from = nodes(l.from, [...path, 'from']);
      const to = nodes(l.to, [...path, 'to']);
      const latency: LatencyModel = parseLatency(l, net.latency);
      return {
        doIt: { action: { kind: 'latency', from, to, latency }, label: `latency ${list(from)} -> ${list(to)}` },
        undo: { action: { kind: 'latency', from, to, latency: net.latency }, label: `restore latency ${list(from)} -> ${list(to)}` },
      };
    }
    case 'clock-jump': {
      const c = ev['clock-jump'] as NonNullable<RawEvent['clock-jump']>;
      const n = nodes(c.node, [...path, 'node']);
      const neg = c.by.startsWith('-');
      const byUs = (neg ? -1 : 1) * parseTime(neg ? c.by.slice(1) : c.by);
      return { doIt: { action: { kind: 'clock-jump', nodes: n, byUs }, label: `clock jump ${list(n)} by ${c.by}` } };
    }
    case 'clock-drift': {
      const c = ev['clock-drift'] as NonNullable<RawEvent['clock-drift']>;
      const n = nodes(c.node, [...path, 'node']);
      return { doIt: { action: { kind: 'clock-drift', nodes: n, ppm: c.ppm }, label: `clock drift ${list(n)} ${c.ppm} ppm` } };
    }
    case 'failover': {
      const n = nodes(ev.failover);
      const mode = ev.mode ?? 'default';
      return { doIt: { action: { kind: 'failover', nodes: n, mode }, label: `CLUSTER FAILOVER${mode === 'default' ? '' : ' ' + mode.toUpperCase()} on ${list(n)}` } };
    }
  }
}

function compilePartition(ev: RawEvent, sel: SelectorResolver, path: (string | number)[]): { doIt: Step; undo: Step } {
  const raw = ev.partition as NonNullable<RawEvent['partition']>;
  if (Array.isArray(raw)) {
    // Each group is cut from every other group, both ways; nodes not listed stay connected to all.
    const groups = raw.map((g, i) => sel.resolve(g, [...path, i]));
    const cuts = groups.flatMap((g, i) => groups.slice(i + 1).map((h) => ({ from: g, to: h })));
    const all = groups.flat();
    const label = `partition ${groups.map((g) => `[${g.join(',')}]`).join(' | ')}`;
    return { doIt: { action: { kind: 'partition', cuts, oneWay: false }, label }, undo: healStep(all) };
  }
  const from = sel.resolve(raw.from, [...path, 'from']);
  const to = sel.resolve(raw.to, [...path, 'to']);
  const oneWay = raw['one-way'] ?? false;
  const label = `partition ${from.join(',')} ${oneWay ? '-/->' : '<-/->'} ${to.join(',')}`;
  return { doIt: { action: { kind: 'partition', cuts: [{ from, to }], oneWay }, label }, undo: healStep([...from, ...to]) };
}

function healStep(nodes: string[]): Step {
  return { action: { kind: 'heal', nodes }, label: `heal ${nodes.join(',')}` };
}
