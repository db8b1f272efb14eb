import { join } from 'path';
import { runReportData } from '../src/html/runData';
import { runOutputFiles } from '../src/report/outputs';
import { analyze } from '../src/report/analyze';
import { compileScenario, loadScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';

/** The run report's data, from a run's own files. */
function reportOf(scenario: ReturnType<typeof loadScenario>) {
  const world = runScenario(scenario);
  const files = new Map(runOutputFiles(world.journal, analyze(world.journal)));
  return runReportData({ events: files.get('events.csv') as string, nodes: files.get('nodes.csv') as string, summary: files.get('summary.json') as string });
}

describe('run report data', () => {
  const data = reportOf(loadScenario(join(__dirname, '..', 'scenarios', 'fail-C.yaml')));
  const lane = (n: string) => data.lanes.indexOf(n);

  test('a lane per node; roles cover each lane from 0 to the end without gaps', () => {
    expect(data.lanes).toEqual(['A', 'B', 'C', 'A1', 'B1', 'C1']);
    for (let l = 0; l < 6; l++) {
      const spans = data.roles.filter((r) => r[0] === l).sort((a, b) => a[1] - b[1]);
      expect(spans[0][1]).toBe(0);
      spans.slice(1).forEach((s, i) => expect(s[1]).toBe(spans[i][2]));
      expect(spans[spans.length - 1][2]).toBe(40);
    }
  });

  test('C is down from the crash; C1 is a replica, then a master from its promotion', () => {
    expect(data.roles.find((r) => r[0] === lane('C') && r[3] === 'down')?.[1]).toBe(10);
    const c1 = data.roles.filter((r) => r[0] === lane('C1'));
    expect(c1[0][3]).toBe('replica of C');
    expect(c1[c1.length - 1][3]).toBe('master');
    expect(c1[c1.length - 1][1]).toBeCloseTo(data.summary.failovers[0].promoted_ms as number / 1000, 6);
  });

  test('the crash is a span on C alone; PFAIL and FAIL marks sit on the observers\' lanes; the promotion is marked', () => {
    expect(data.faultSpans).toEqual([[lane('C'), lane('C'), 10, 10, 'crash C']]);
    const pfail = data.marks.filter((m) => m[2] === 'pfail_set');
    expect(new Set(pfail.map((m) => data.lanes[m[0]]))).toEqual(new Set(['A', 'B', 'A1', 'B1', 'C1']));
    expect(data.marks.filter((m) => m[2] === 'election_won').map((m) => data.lanes[m[0]])).toEqual(['C1']);
    // Each mark points at its events.csv row.
    for (const m of data.marks) expect(data.events[m[3]][2]).toBe(m[2]);
  });

  test('every node reports cluster_state fail while the cluster forms, not after', () => {
    expect(new Set(data.stateFail.filter((f) => f[1] === 0).map((f) => f[0]))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  test('a pause shows as a paused span; a partition shades each side\'s lanes until the heal', () => {
    const text = `duration: 30s\ncluster: { create: { masters: 3, replicas: 1 } }\nevents:\n  - { at: 5s, pause: B, for: 2s }\n  - { at: 10s, partition: [[A, B], [C1]], for: 4s }\n`;
    const d = reportOf(compileScenario('p.yaml', text));
    expect(d.roles.filter((r) => r[3] === 'paused').map((r) => [d.lanes[r[0]], r[1], r[2]])).toEqual([['B', 5, 7]]);
    expect(d.faultSpans.filter((f) => f[4].startsWith('partition')).map((f) => [f[0], f[1], f[2], f[3]])).toEqual([[0, 1, 10, 14], [5, 5, 10, 14]]);
  });
});
