import { Summary } from './summary';

/** The terminal summary of one run: key moments, traffic, expectations. */
export function formatRunSummary(s: Summary, outDir: string | null): string {
  const lines: string[] = [];
  const sec = (v: number | null): string => (v === null ? '—' : `${(v / 1000).toFixed(3)} s`);
  lines.push(`${s.scenario} (seed ${s.seed}): ${sec(s.duration_ms)} simulated, ${s.events_processed} events`);
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
  const b = s.bus_totals;
  lines.push(`  bus: ${b.sent} messages sent, ${b.delivered} delivered, ${b.dropped} dropped, ${(b.bytes_sent / 1024).toFixed(0)} KiB`);
  const byType = Object.entries(s.messages)
    .filter(([type]) => type !== 'replication')
    .map(([type, c]) => `${type} ${c.sent}`)
    .join(', ');
  lines.push(`    ${byType}`);
  const nodes = Object.values(s.bus_per_node);
  if (nodes.length > 0) {
    const avgMsgs = nodes.reduce((a, n) => a + n.messages_per_s, 0) / nodes.length;
    const avgBytes = nodes.reduce((a, n) => a + n.bytes_per_s, 0) / nodes.length;
    lines.push(`    per node: ${avgMsgs.toFixed(1)} messages/s, ${(avgBytes / 1024).toFixed(1)} KiB/s sent on average`);
  }
  if (s.expectations.length > 0) lines.push('  expectations:');
  for (const e of s.expectations) lines.push(`    ${e.passed ? 'PASS' : 'FAIL'}  ${e.expectation}\n          ${e.observed}`);
  if (outDir) lines.push(`  files: ${outDir}`);
  return lines.join('\n');
}
