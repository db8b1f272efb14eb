import { CompileContext } from '../faults/fault';
import { Fault, FAULT_KEYS, FAULT_KINDS, FaultKey, occurrence } from '../faults/registry';
import { STATE_WORDS } from '../faults/processFaults';
import { LIMITS } from './limits';
import { Problems } from './problems';
import { ScheduleStates } from './scheduleStates';
import { SelectorResolver } from './selectors';
import { isTime, parseTime } from './time';
import { NetworkSpec, ScheduledAction } from './types';

/** The `events:` section: faults and operator actions, with `for:` (undo after a while) and `repeat:`. */

export interface RawEvent {
  at: string;
  for?: string;
  repeat?: { every: string; times: number };
  [key: string]: unknown;
}

const UNDOABLE = FAULT_KEYS.filter((k) => FAULT_KINDS[k].undo);
/** Schedule order among items at the same time: file order, then repetition, then do before undo. */
const SEQ_PER_EVENT = 2 * LIMITS.scheduled + 2;

/**
 * Compile the events in time order, so that a random pick draws among the nodes live at its time
 * and a fault on a process that the schedule has left in the wrong state (a restart of a running
 * node, a crash of a dead one) is refused. The schedule is ordered by time, then file order.
 */
export function compileEvents(raw: (RawEvent | null)[], sel: SelectorResolver, net: NetworkSpec, durationUs: number, p: Problems): ScheduledAction[] {
  const out: (ScheduledAction & { seq: number })[] = [];
  const states = new ScheduleStates(sel.resolve('all', []));
  // Null entries are events the schema refused (reported already).
  const order = raw
    .flatMap((ev, i) => (ev === null ? [] : [{ ev, i, at: isTime(ev.at) ? parseTime(ev.at) : 0 }]))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  for (const { ev, i, at } of order) {
    const path = ['events', i];
    const key = singleKey(ev, i, p);
    if (!key) continue;
    const kind = FAULT_KINDS[key];
    if (ev.for !== undefined && !kind.undo) p.add([...path, 'for'], `events[${i}].for: "for" applies to ${UNDOABLE.join(', ')}, not to ${key}`);
    for (const option of optionsOfOthers(key)) {
      if (ev[option] !== undefined) p.add([...path, option], `events[${i}].${option}: "${option}" applies to ${ownersOf(option).join(', ')} only`);
    }
    if (at > durationUs) p.add([...path, 'at'], `events[${i}].at: ${ev.at} is after the end of the run (duration ${durationUs / 1e6}s)`);
    states.advanceTo(at, i * SEQ_PER_EVENT);
    const fault = compileFault(key, ev, sel, (n) => states.isLive(n), net, p, [...path, key]);
    // With an event refused by the schema the states after it are unknown: judge none.
    const refuse = raw.includes(null) ? () => undefined : refusal(p, [...path, key], key);
    const every = ev.repeat ? parseTime(ev.repeat.every) : 0;
    const times = ev.repeat?.times ?? 1;
    for (let r = 0; r < times && out.length <= LIMITS.scheduled; r++) {
      const start = at + r * every;
      const seq = i * SEQ_PER_EVENT + 2 * r;
      out.push({ atUs: start, fault, occurrence: seq, undo: false, seq });
      track(states, fault, false, start, seq, refuse);
      if (ev.for !== undefined && kind.undo) {
        const end = start + parseTime(ev.for);
        out.push({ atUs: end, fault, occurrence: seq, undo: true, seq: seq + 1 });
        track(states, fault, true, end, seq + 1, refuse);
      }
    }
  }
  states.advanceTo(Infinity);
  if (out.length > LIMITS.scheduled) p.add(['events'], `events: expected at most ${LIMITS.scheduled} faults and undos once repeat: is expanded, found ${out.length}`);
  return out.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq).map(({ atUs, fault, occurrence, undo }) => ({ atUs, fault, occurrence, undo }));
}

/** The event's one fault key, or null (reported) when it has none or several. */
function singleKey(ev: RawEvent, i: number, p: Problems): FaultKey | null {
  const keys = FAULT_KEYS.filter((k) => ev[k] !== undefined);
  if (keys.length === 1) return keys[0];
  p.add(['events', i], `events[${i}]: expected exactly one action (${FAULT_KEYS.join(', ')}), found ${keys.length ? keys.join(' and ') : 'none'}`);
  return null;
}

/** Follow a fault's effect on processes through the schedule. */
function track(states: ScheduleStates, fault: Fault, undo: boolean, atUs: number, seq: number, refuse: (node: string, state: string, atUs: number) => void): void {
  const { nodes, effect } = occurrence(fault, undo, []);
  if (!effect) return;
  // An undo acts only on what its fault changed: it never refuses.
  states.add({ atUs, seq, nodes, effect, refuse: (node, state) => !undo && refuse(node, state, atUs) });
}

/** Report, once per event, a fault that the schedule shows would do nothing. */
function refusal(p: Problems, path: (string | number)[], key: FaultKey): (node: string, state: string, atUs: number) => void {
  let said = false;
  const accepts = FAULT_KINDS[key].process?.accepts ?? [];
  return (node, state, atUs) => {
    if (said) return;
    said = true;
    const wants = accepts.map((s) => STATE_WORDS[s]).join(' or ');
    p.add(path, `${key}: ${node} is ${STATE_WORDS[state as keyof typeof STATE_WORDS]} at ${atUs / 1e6}s, so this would do nothing; ${key} acts on a ${wants} node`);
  };
}

function compileFault(key: FaultKey, ev: RawEvent, sel: SelectorResolver, live: (n: string) => boolean, network: NetworkSpec, problems: Problems, path: (string | number)[]): Fault {
  const ctx: CompileContext = {
    nodes: (s, ...at) => sel.resolve(s ?? 'all', [...path, ...at], live),
    all: sel.resolve('all', path),
    network,
    problems,
    problem: (message, ...at) => problems.add([...path, ...at], message),
    event: ev,
  };
  return { kind: key, params: (FAULT_KINDS[key].compile as (raw: unknown, c: CompileContext) => unknown)(ev[key], ctx) } as Fault;
}

function optionsOfOthers(key: FaultKey): string[] {
  return FAULT_KEYS.filter((k) => k !== key).flatMap((k) => Object.keys(FAULT_KINDS[k].options ?? {}));
}

function ownersOf(option: string): FaultKey[] {
  return FAULT_KEYS.filter((k) => FAULT_KINDS[k].options?.[option] !== undefined);
}
