import { join } from 'path';
import { analyze } from '../src/report/analyze';
import { loadScenario } from '../src/scenario/load';
import { runScenario } from '../src/sim/run';

/** Large clusters: built from the shorthand, faults picked at random, traffic reported per node. */
describe('a 100-node cluster', () => {
  const scenario = loadScenario(join(__dirname, '..', 'scenarios', 'large', 'cluster-100.yaml'));
  const summary = analyze(runScenario(scenario).journal);

  test('is named and ported systematically, with slots split as redis-cli does', () => {
    expect(scenario.nodes).toHaveLength(100);
    expect(scenario.nodes[26]).toMatchObject({ name: 'AA', port: 7026 });
    expect(scenario.nodes[99]).toMatchObject({ name: 'AX1', port: 7099, replicaOf: 'AX' });
    expect(scenario.nodes[0].slots.key).toBe('0-327');
    expect(scenario.nodes[49].slots.key).toBe('16056-16383');
  });

  test('survives the crash of a random master with one failover to its replica', () => {
    expect(summary.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(summary.failovers).toHaveLength(1);
    const f = summary.failovers[0];
    expect(f.promoted).toBe(`${f.failed}1`);
    expect(f.fault).toBe(`crash ${f.failed}`);
  });

  test('reports bus traffic per node by message type', () => {
    const a = summary.bus_per_node.A;
    expect(a.by_type.ping.messages_per_s).toBeGreaterThan(1);
    // Each PING carries max(3, 100/10) = 10 gossip entries: 2256 + 10 * 104 = 3296 bytes (more with PFAIL entries).
    // The rates are rounded to 0.01/s, which moves their ratio by up to 0.005/rate of itself.
    const ping = a.by_type.ping;
    expect(ping.bytes_per_s / ping.messages_per_s).toBeGreaterThanOrEqual(3296 * (1 - 0.005 / ping.messages_per_s));
  });
});
