import { join } from 'path';
import { readFileSync } from 'fs';
import { analyze } from '../src/report/analyze';
import { loadScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';
import { runRow } from '../src/sweep/row';

/** Outages no failover follows: when the node is flagged PFAIL and FAIL, and when the flags are cleared after it returns. */

const file = (name: string): string => join(__dirname, '..', 'scenarios', `${name}.yaml`);
const summaryOf = (name: string) => analyze(runScenario(loadScenario(file(name))).journal);

describe('the first outage no failover followed', () => {
  test('replica-crash: A1 flagged PFAIL after the node timeout, FAIL after it, cleared within a cron or two of its restart', () => {
    const o = summaryOf('replica-crash').outage!;
    expect(o).toMatchObject({ node: 'A1', fault: 'crash A1', fault_ms: 10000, returned_ms: 30000 });
    expect(o.intervals_ms.detection as number).toBeGreaterThan(5000);
    expect(o.intervals_ms.agreement as number).toBeGreaterThan(o.intervals_ms.detection as number);
    expect((o.cleared_ms as number) - 30000).toBeGreaterThan(0);
    expect((o.cleared_ms as number) - 30000).toBeLessThan(1000);
    const row = runRow(file('replica-crash'), readFileSync(file('replica-crash'), 'utf8'), 1);
    expect(row.intervals).toMatchObject({ outage_detection: o.intervals_ms.detection, outage_agreement: o.intervals_ms.agreement, outage_cleared: o.intervals_ms.cleared });
  });

  test('pause-short: C paused for less than the node timeout is never flagged, so its figures are empty', () => {
    expect(summaryOf('pause-short').outage).toMatchObject({ node: 'C', pfail_ms: null, fail_ms: null, returned_ms: 13000, cleared_ms: null });
  });

  test('a node replaced after its fault has no outage: fail-C (C1 takes over) and redis-test-11 (a TAKEOVER replaces the crashed masters)', () => {
    expect(summaryOf('fail-C').outage).toBeUndefined();
    expect(summaryOf('redis-test-11-manual-takeover').outage).toBeUndefined();
  });

  test('redis-test-05: of a pause and a crash, the paused replica A2 is the outage; A, replaced, is the failover', () => {
    const s = summaryOf('redis-test-05-slave-selection');
    expect(s.outage).toMatchObject({ node: 'A2', fault: 'pause A2', returned_ms: 13000 });
    expect(s.failovers.map((f) => f.failed)).toEqual(['A']);
  });
});
