import { ExpectationResult } from './expectations';
import { Summary } from './summary';
import { RangeReport, WorkloadReport } from './workload';

/** Bus traffic sent per node: the average node by message type, and the busiest node. */
function perNodeTraffic(s: Summary): string[] {
  const nodes = Object.entries(s.bus_per_node);
  if (nodes.length === 0) return [];
  const avg = (f: (n: Summary['bus_per_node'][string]) => number): number => nodes.reduce((a, [, n]) => a + f(n), 0) / nodes.length;
  const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB/s`;
  const lines = [`    per node (sent, average of ${nodes.length}): ${avg((n) => n.messages_per_s).toFixed(1)} messages/s, ${kib(avg((n) => n.bytes_per_s))}`];
  const types = [...new Set(nodes.flatMap(([, n]) => Object.keys(n.by_type)))].sort();
  for (const type of types) {
    const m = avg((n) => n.by_type[type]?.messages_per_s ?? 0);
    const b = avg((n) => n.by_type[type]?.bytes_per_s ?? 0);
    lines.push(`      ${type.padEnd(9)} ${m.toFixed(2).padStart(8)} messages/s ${kib(b).padStart(14)}`);
  }
  const [busiest, top] = nodes.reduce((best, cur) => (cur[1].bytes_per_s > best[1].bytes_per_s ? cur : best));
  lines.push(`    busiest node: ${busiest}, ${top.messages_per_s.toFixed(1)} messages/s, ${kib(top.bytes_per_s)}`);
  return lines;
}

/** What the clients saw, a row per master's slots at the start and one for all. */
function clientLines(w: WorkloadReport): string[] {
  const sec = (v: number | null): string => (v === null ? '—' : `${(v / 1000).toFixed(3)} s`);
  const lat = (l: RangeReport['latency_ms']): string => (l.p50 === null ? '—' : `${l.p50} / ${l.p99} / ${l.max}`);
  const head = `    ${'slots'.padEnd(20)}${['ok', 'failed', 'timeout', 'pending', 'unavailable', 'longest gap', 'lost'].map((h) => h.padStart(12)).join('')}  latency p50/p99/max ms`;
  const row = (name: string, r: RangeReport): string => {
    const cells = [r.writes.ok, r.writes.failed, r.writes.timeout, r.writes.pending, sec(r.unavailable_ms) + (r.recovered ? '' : '+'), sec(r.longest_write_gap_ms), r.lost_writes];
    return `    ${`${name} ${r.slots}`.padEnd(20)}${cells.map((c) => String(c).padStart(12)).join('')}  ${lat(r.latency_ms)}`;
  };
  const reasons = Object.entries(w.total.writes.by_reason).map(([k, n]) => `${k} ${n}`).join(', ');
  const r = w.total.reads;
  const reads = r.ok + r.failed + r.timeout + r.pending > 0 ? [`    reads: ${r.ok} ok (${w.total.stale_reads} stale), ${r.failed} failed, ${r.timeout} timeout, ${r.pending} pending`] : [];
  return [
    `  clients ${w.clients.join(', ')}: writes${w.first_fault_ms === null ? '' : ` (unavailable: from the first write after the fault at ${sec(w.first_fault_ms)} that did not succeed)`}`,
    head,
    ...Object.entries(w.by_master)
      .filter(([, r]) => r.writes.ok + r.writes.failed + r.writes.timeout + r.writes.pending > 0)
      .map(([m, r]) => row(m, r)),
    row('all', w.total),
    ...(reasons ? [`    not ok by reason: ${reasons}`] : []),
    ...reads,
  ];
}

const COLOURS = { PASS: '\x1b[32m', FAIL: '\x1b[31m', SKIP: '\x1b[33m' };

/** PASS, FAIL or SKIP (not reached), coloured when `colour` (a terminal, never a file or a pipe). */
export function verdict(e: ExpectationResult, colour: boolean): string {
  const word = !e.reached ? 'SKIP' : e.passed ? 'PASS' : 'FAIL';
  return colour ? `${COLOURS[word]}${word}\x1b[0m` : word;
}

/** The terminal summary of one run: key moments, traffic, expectations. */
export function formatRunSummary(s: Summary, outDir: string | null, colour = false): string {
  const lines: string[] = [];
  const sec = (v: number | null): string => (v === null ? '—' : `${(v / 1000).toFixed(3)} s`);
  lines.push(`${s.scenario} (seed ${s.seed}): ${sec(s.duration_ms)} simulated, ${s.events_processed} events`);
  lines.push(`  cluster formed        ${sec(s.formed_ms)} (start-up: cluster_state fail before it is not an outage)`);
  if (s.failovers.length === 0) lines.push('  no failover');
  for (const f of s.failovers) {
    lines.push(`  ${f.fault ?? 'start'} at ${sec(f.fault_ms)}`);
    lines.push(`    first PFAIL on ${f.failed}   ${sec(f.first_pfail_ms)}`);
    lines.push(`    first FAIL on ${f.failed}    ${sec(f.first_fail_ms)}`);
    lines.push(`    election started      ${sec(f.election_ms)}`);
    lines.push(`    ${f.promoted} elected (epoch ${f.epoch})  ${sec(f.promoted_ms)}`);
    lines.push(`    all live nodes agree  ${sec(f.converged_ms)}`);
    lines.push(`    cluster ok everywhere ${sec(f.available_ms)}`);
  }
  const o = s.outage;
  if (o) lines.push(`  outage: ${o.fault} at ${sec(o.fault_ms)}, ${o.node} not replaced: first PFAIL ${sec(o.pfail_ms)}, first FAIL ${sec(o.fail_ms)}, back ${sec(o.returned_ms)}, flags cleared ${sec(o.cleared_ms)}`);
  for (const r of s.reshards ?? []) {
    const end = r.done_ms === null ? 'not finished' : `${r.slots} slots and ${r.keys} keys moved by ${sec(r.done_ms)} (${(r.done_ms - r.at_ms).toFixed(1)} ms)`;
    lines.push(`  reshard ${r.from} -> ${r.to} at ${sec(r.at_ms)}: ${end}`);
  }
  const b = s.bus_totals;
  const extra = `${b.in_flight ? `, ${b.in_flight} in flight at the end` : ''}${b.duplicated ? `, ${b.duplicated} duplicates` : ''}`;
  lines.push(`  bus: ${b.sent} messages sent, ${b.delivered} delivered, ${b.dropped} dropped${extra}, ${(b.bytes_sent / 1024).toFixed(0)} KiB`);
  const byType = Object.entries(s.messages)
    .filter(([type]) => !['replication', 'command', 'reply'].includes(type))
    .map(([type, c]) => `${type} ${c.sent}`)
    .join(', ');
  lines.push(`    ${byType}`);
  lines.push(...perNodeTraffic(s));
  if (s.workload) lines.push(...clientLines(s.workload));
  if (s.warnings.length > 0) lines.push('  warnings:', ...s.warnings.map((w) => `    ${w}`));
  if (s.expectations.length > 0) lines.push('  expectations:');
  for (const e of s.expectations) lines.push(`    ${verdict(e, colour)}  ${e.expectation}\n          ${e.observed}`);
  if (outDir) lines.push(`  files: ${outDir}`);
  return lines.join('\n');
}
