import { compareRows, fidelityMarkdown, ScenarioFidelity } from '../src/compare/fidelity';
import { SweepRow } from '../src/sweep/row';

/** sim compare's table: real trials beside simulated seeds, interval by interval, by the calibration rule. */
function row(seed: number, intervals: Record<string, number | null>): SweepRow {
  return { scenario: 's', file: 's.yaml', seed, passed: true, failed_expectations: [], scenario_sha256: '', failovers: 1, promoted: ['C1'], intervals, bus_messages: 0, bus_bytes: 0, events: 0 };
}

describe('fidelity rows', () => {
  test('an interval passes when the simulated median and band fit the real trials, and fails when it does not', () => {
    const real = [7000, 7400, 7800, 8200].map((p, i) => row(i, { detection: 5000 + i * 100, promotion: p }));
    const close = Array.from({ length: 50 }, (_, i) => row(i, { detection: 5100 + (i % 3) * 10, promotion: 7500 + (i % 5) * 50 }));
    const far = Array.from({ length: 50 }, (_, i) => row(i, { detection: 9000, promotion: 7600 }));
    const ok = compareRows(real, close);
    expect(ok.map((r) => [r.interval, r.passed])).toEqual([
      ['detection', true],
      ['promotion', true],
    ]);
    expect(ok[1].real).toMatchObject({ n: 4, min: 7000, max: 8200 });
    expect(compareRows(real, far).find((r) => r.interval === 'detection')?.passed).toBe(false);
  });

  test('an interval only one side reached fails; one neither reached has no row', () => {
    const real = [row(1, { election: null, promotion: 5 })];
    const sim = [row(1, { election: 3, promotion: 5 })];
    expect(compareRows(real, sim).map((r) => [r.interval, r.passed])).toEqual([
      ['election', false],
      ['promotion', true],
    ]);
    expect(compareRows([row(1, { election: null })], [row(1, { election: null })])).toEqual([]);
  });

  test('the table names counts as counts, and a scenario with nothing to compare says why instead of an empty table', () => {
    const real = [row(1, { promotion: 5, lost_writes: 3, stale_reads: 0 })];
    const table = (rows: ScenarioFidelity['rows']): string => fidelityMarkdown({ scenario: 's', file: 's.yaml', trials: 1, seeds: 1, realPassed: 1, simPassed: 1, rows, realRows: real, start: 'apart' });
    const full = table(compareRows(real, real));
    expect(full).toContain('(lost_writes: acknowledged writes lost, a count; stale_reads: reads older than an acknowledged write, a count)');
    expect(full).toMatch(/\| stale_reads \| 1 \| 0 \|/);
    const empty = table([]);
    expect(empty).toContain('no failover and no clients, so no interval to compare');
    expect(empty).not.toContain('| interval |');
  });
});
