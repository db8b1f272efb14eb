import { Micros } from '../engine/time';
import { Problems } from './problems';
import { parseTime } from './time';
import { parseSlotRanges } from './nodes';
import { Expectation, SlotScope } from './types';

/** The `expect:` section: what must hold when the run ends. Times are absolute unless `within` (after the fault). */

export interface RawExpectation {
  failover?: { failed?: string; promoted?: string; within?: string };
  'no-failover'?: true | { before: string };
  'no-fail'?: true;
  role?: { node: string; is?: 'master' | 'replica'; 'replica-of'?: string; by?: string };
  'cluster-state'?: { state: 'ok' | 'fail'; nodes?: 'live' | string[]; by?: string };
  'slots-agree'?: true;
  'fail-flag'?: { node: string; set: boolean; by?: string };
  replicas?: { node: string; 'at-least': number; by?: string };
  'lost-writes'?: { 'at-most': number } & RawScope;
  'stale-reads'?: { 'at-most': number } & RawScope;
  unavailable?: { 'at-most': string } & RawScope;
  'writes-succeed'?: { by: string } & RawScope;
}

interface RawScope {
  of?: string;
  slots?: string;
}

const KINDS = ['failover', 'no-failover', 'no-fail', 'role', 'cluster-state', 'slots-agree', 'fail-flag', 'replicas', 'lost-writes', 'stale-reads', 'unavailable', 'writes-succeed'] as const;
const WORKLOAD_KINDS: readonly string[] = ['lost-writes', 'stale-reads', 'unavailable', 'writes-succeed'];

/** `masters`: the nodes with slots at the start (a workload expectation's `of`); `workload`: whether the scenario has clients. */
export function compileExpectations(raw: (RawExpectation | null)[], names: string[], durationUs: Micros, p: Problems, masters: string[] = names, workload = false): Expectation[] {
  const out: Expectation[] = [];
  raw.forEach((e, i) => {
    if (e === null) return; // refused by the schema, reported already
    const path = ['expect', i];
    const kinds = KINDS.filter((k) => e[k] !== undefined);
    if (kinds.length !== 1) {
      p.add(path, `expect[${i}]: expected exactly one of ${KINDS.join(', ')}, found ${kinds.length ? kinds.join(' and ') : 'none'}`);
      return;
    }
    const kind = kinds[0];
    const at = [...path, kind];
    if (WORKLOAD_KINDS.includes(kind) && !workload) p.add(at, `${kind}: expected a workload: section, found none; clients make the writes this judges`, true);
    const scope = ({ of, slots }: RawScope): SlotScope => {
      if (of !== undefined && slots !== undefined) p.add(at, `${kind}: expected of or slots, not both`, true);
      if (slots !== undefined) return { of: null, slots: parseSlotRanges(slots, [...at, 'slots'], p) };
      if (of === undefined) return { of: null, slots: null };
      if (p.checkName([...at, 'of'], of, names) && !masters.includes(of)) p.add([...at, 'of'], `${kind}.of: ${of} owns no slots at the start; expected one of ${masters.join(', ')}`);
      return { of, slots: null };
    };
    const name = (field: string, value: string | undefined): void => {
      if (value !== undefined) p.checkName([...at, field], value, names);
    };
    const by = (t: string | undefined, field = 'by'): Micros => {
      if (t === undefined || t === 'end') return durationUs;
      const us = parseTime(t);
      if (us > durationUs) p.add([...at, field], `${kind}.${field}: ${t} is after the end of the run (duration ${durationUs / 1e6}s)`);
      return us;
    };
    const when = (t: string | undefined): string => (t === undefined || t === 'end' ? 'at the end' : `by ${t}`);
    switch (kind) {
      case 'failover': {
        const f = e.failover as NonNullable<RawExpectation['failover']>;
        name('failed', f.failed);
        name('promoted', f.promoted);
        const within = f.within ?? '60s';
        const whose = f.failed ? `${f.failed}'s` : "a failed master's";
        out.push({ kind, failed: f.failed ?? null, promoted: f.promoted ?? null, withinUs: parseTime(within), text: `${f.promoted ?? 'a replica'} takes over ${whose} slots within ${within} of the fault` });
        return;
      }
      case 'no-failover': {
        const nf = e['no-failover'];
        const before = nf === true || nf === undefined ? undefined : nf.before;
        out.push({ kind, beforeUs: by(before, 'before'), text: before ? `no failover happens before ${before}` : 'no failover happens' });
        return;
      }
      case 'no-fail':
        out.push({ kind, text: 'no node is ever flagged FAIL' });
        return;
      case 'role': {
        const r = e.role as NonNullable<RawExpectation['role']>;
        name('node', r.node);
        name('replica-of', r['replica-of']);
        const role = r['replica-of'] ? 'replica' : (r.is ?? 'master');
        if (r.is === 'master' && r['replica-of']) p.add([...at, 'is'], 'role: "is: master" contradicts "replica-of"');
        const what = r['replica-of'] ? `a replica of ${r['replica-of']}` : `a ${role}`;
        out.push({ kind, node: r.node, role, replicaOf: r['replica-of'] ?? null, byUs: by(r.by), text: `${r.node} is ${what} ${when(r.by)}` });
        return;
      }
      case 'cluster-state': {
        const c = e['cluster-state'] as NonNullable<RawExpectation['cluster-state']>;
        const nodes = c.nodes ?? 'live';
        if (nodes !== 'live') nodes.forEach((n, j) => p.checkName([...at, 'nodes', j], n, names));
        const who = nodes === 'live' ? 'all live nodes' : nodes.join(', ');
        out.push({ kind, state: c.state, nodes, byUs: by(c.by), text: `cluster_state is ${c.state} on ${who} ${when(c.by)}` });
        return;
      }
      case 'slots-agree':
        out.push({ kind, text: 'at the end every live node agrees on the slot map, one owner per slot' });
        return;
      case 'replicas': {
        const r = e.replicas as NonNullable<RawExpectation['replicas']>;
        name('node', r.node);
        out.push({ kind, node: r.node, atLeast: r['at-least'], byUs: by(r.by), text: `${r.node} has at least ${r['at-least']} live replica(s) ${when(r.by)}` });
        return;
      }
      case 'fail-flag': {
        const f = e['fail-flag'] as NonNullable<RawExpectation['fail-flag']>;
        name('node', f.node);
        out.push({ kind, node: f.node, set: f.set, byUs: by(f.by), text: f.set ? `every live node flags ${f.node} FAIL ${when(f.by)}` : `no live node flags ${f.node} FAIL ${when(f.by)}` });
        return;
      }
      case 'lost-writes':
      case 'stale-reads': {
        const l = e[kind] as NonNullable<RawExpectation['lost-writes']>;
        const s = scope(l);
        const what = kind === 'lost-writes' ? `acknowledged write(s) ${scopeText(s)} are lost` : `read(s) ${scopeText(s)} are stale`;
        out.push({ kind, scope: s, atMost: l['at-most'], text: `at most ${l['at-most']} ${what}` });
        return;
      }
      case 'unavailable': {
        const u = e.unavailable as NonNullable<RawExpectation['unavailable']>;
        const s = scope(u);
        out.push({ kind, scope: s, atMostUs: parseTime(u['at-most']), text: `writes ${scopeText(s)} are unavailable for at most ${u['at-most']} after the first fault` });
        return;
      }
      case 'writes-succeed': {
        const w = e['writes-succeed'] as NonNullable<RawExpectation['writes-succeed']>;
        const s = scope(w);
        out.push({ kind, scope: s, byUs: by(w.by), text: `every write ${scopeText(s)} invoked from ${w.by} on succeeds` });
        return;
      }
    }
  });
  return out;
}

/** "in C's slots", "in slots 0-99", "in any slot". */
export function scopeText(scope: SlotScope): string {
  return scope.of ? `in ${scope.of}'s slots` : scope.slots ? `in slots ${scope.slots.key}` : 'in any slot';
}
