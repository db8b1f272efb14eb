import { CompileContext } from '../faults/fault';
import { Fault, FAULT_KEYS, FAULT_KINDS, FaultKey } from '../faults/registry';
import { LIMITS } from './limits';
import { Problems } from './problems';
import { SelectorResolver } from './selectors';
import { parseTime } from './time';
import { NetworkSpec, ScheduledAction } from './types';

/** The `events:` section: faults and operator actions, with `for:` (undo after a while) and `repeat:`. */

export interface RawEvent {
  at: string;
  for?: string;
  repeat?: { every: string; times: number };
  [key: string]: unknown;
}

const UNDOABLE = FAULT_KEYS.filter((k) => FAULT_KINDS[k].undo);

export function compileEvents(raw: RawEvent[], sel: SelectorResolver, net: NetworkSpec, durationUs: number, p: Problems): ScheduledAction[] {
  const out: ScheduledAction[] = [];
  let occurrence = 0;
  raw.forEach((ev, i) => {
    const path = ['events', i];
    const keys = FAULT_KEYS.filter((k) => ev[k] !== undefined);
    if (keys.length !== 1) {
      p.add(path, `events[${i}]: expected exactly one action (${FAULT_KEYS.join(', ')}), found ${keys.length ? keys.join(' and ') : 'none'}`);
      return;
    }
    const key = keys[0];
    const kind = FAULT_KINDS[key];
    if (ev.for !== undefined && !kind.undo) p.add([...path, 'for'], `events[${i}].for: "for" applies to ${UNDOABLE.join(', ')}, not to ${key}`);
    for (const option of optionsOfOthers(key)) {
      if (ev[option] !== undefined) p.add([...path, option], `events[${i}].${option}: "${option}" applies to ${ownersOf(option).join(', ')} only`);
    }
    const fault = compileFault(key, ev, sel, net, p, [...path, key]);
    const at = parseTime(ev.at);
    if (at > durationUs) p.add([...path, 'at'], `events[${i}].at: ${ev.at} is after the end of the run (duration ${durationUs / 1e6}s)`);
    const every = ev.repeat ? parseTime(ev.repeat.every) : 0;
    const times = ev.repeat?.times ?? 1;
    for (let r = 0; r < times && out.length <= LIMITS.scheduled; r++) {
      const start = at + r * every;
      const id = occurrence++;
      out.push({ atUs: start, fault, occurrence: id, undo: false });
      if (ev.for !== undefined && kind.undo) out.push({ atUs: start + parseTime(ev.for), fault, occurrence: id, undo: true });
    }
  });
  if (out.length > LIMITS.scheduled) p.add(['events'], `events: expected at most ${LIMITS.scheduled} faults and undos once repeat: is expanded, found ${out.length}`);
  return out.sort((a, b) => a.atUs - b.atUs);
}

function compileFault(key: FaultKey, ev: RawEvent, sel: SelectorResolver, network: NetworkSpec, problems: Problems, path: (string | number)[]): Fault {
  const ctx: CompileContext = {
    nodes: (s, ...at) => sel.resolve(s ?? 'all', [...path, ...at]),
    all: sel.resolve('all', path),
    network,
    problems,
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
