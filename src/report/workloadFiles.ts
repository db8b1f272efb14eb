import { Journal } from '../journal/journal';
import { OpRecord } from '../workload/history';
import { csv } from './files';
import { latency, lostWrites, slotRanges, staleReads } from './workload';

/** The workload's files: every operation (history.csv, on request), the lost writes, and a per-second table. */

export const HISTORY_COLUMNS = ['client', 'kind', 'command', 'key', 'slot', 'value', 'invoke_ms', 'complete_ms', 'outcome', 'error', 'node', 'result', 'attempts'];
export const LOST_COLUMNS = ['client', 'key', 'slot', 'value', 'invoke_ms', 'complete_ms', 'node', 'final_owner', 'final_value'];
export const WORKLOAD_COLUMNS = ['second', 'master', 'writes_ok', 'writes_failed', 'writes_timeout', 'reads_ok', 'reads_failed', 'reads_stale', 'p50_ms', 'p99_ms', 'max_ms'];
export const WORKLOAD_FILES = ['history.csv', 'lost-writes.csv', 'workload.csv'];

const t = (us: number): string => (us < 0 ? '' : (us / 1000).toFixed(3));

export function workloadFiles(journal: Journal, history: boolean): [string, string][] {
  const end = journal.end.workload;
  if (!end) return [];
  const nodes = journal.scenario.nodes.map((n) => n.name);
  const node = (h: number): string => (h < 0 ? '' : nodes[h]);
  const files: [string, string][] = [];
  if (history) {
    const rows = end.ops.map((o) => [o.client, o.kind, o.command, o.key, o.slot, o.value || '', t(o.invokeUs), t(o.completeUs), o.outcome, o.error, node(o.node), o.result ?? '', o.attempts]);
    files.push(['history.csv', csv(HISTORY_COLUMNS, rows)]);
  }
  const lost = lostWrites(end).map((l) => {
    const o = l.op;
    const v = l.finalValue;
    return [o.client, o.key, o.slot, o.value || '', t(o.invokeUs), t(o.completeUs), node(o.node), l.finalOwner, v === undefined ? '' : Array.isArray(v) ? `list of ${v.length}` : v];
  });
  files.push(['lost-writes.csv', csv(LOST_COLUMNS, lost)]);
  files.push(['workload.csv', csv(WORKLOAD_COLUMNS, perSecond(journal, end.ops))]);
  return files;
}

/** Per virtual second of invocation and per master's slot range at the start: outcomes, and latency of successes. */
function perSecond(journal: Journal, ops: OpRecord[]): unknown[][] {
  const { masters, groupOf } = slotRanges(journal.scenario);
  const stale = staleReads(ops);
  const cells = new Map<number, OpRecord[]>();
  for (const o of ops) {
    if (groupOf[o.slot] < 0) continue;
    const key = Math.floor(o.invokeUs / 1e6) * masters.length + groupOf[o.slot];
    const list = cells.get(key) ?? [];
    list.push(o);
    cells.set(key, list);
  }
  return [...cells.keys()].sort((a, b) => a - b).map((key) => {
    const list = cells.get(key) as OpRecord[];
    const n = (kind: string, outcome: string): number => list.filter((o) => o.kind === kind && o.outcome === outcome).length;
    const lat = latency(list.filter((o) => o.outcome === 'ok').map((o) => o.completeUs - o.invokeUs));
    const failed = (kind: string): number => list.filter((o) => o.kind === kind && o.outcome === 'fail').length;
    return [Math.floor(key / masters.length), masters[key % masters.length].name, n('write', 'ok'), failed('write'), n('write', 'timeout'), n('read', 'ok'), failed('read'), list.filter((o) => stale.has(o)).length, lat.p50 ?? '', lat.p99 ?? '', lat.max ?? ''];
  });
}
