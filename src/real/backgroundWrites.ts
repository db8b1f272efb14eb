import { Cluster } from 'ioredis';
import { Scenario } from '../scenario/types';
import { tagFor } from '../workload/keyspace';
import { nodeAddress } from './servers';

/** The model grows a master's offset once per 100 ms cron tick; the writes come as often. */
const TICK_MS = 100;

/**
 * The model's `write-rate`: each master's replication offset grows by that many bytes a second
 * while it serves writes, so replicas cut off from it fall behind and lose elections by rank. A
 * real cluster has no traffic of its own, so a trial makes it: every 100 ms a SET into each
 * starting master's slots, of write-rate / 10 bytes, through an ioredis Cluster that follows a
 * failover to the new owner. A write refused (CLUSTERDOWN, a dead master) is not made, as the
 * model's master writes only while it serves.
 */
export class BackgroundWrites {
  private readonly client: Cluster | null;
  private readonly writes: { key: string; value: string }[];
  private timer: NodeJS.Timeout | null = null;

  constructor(scenario: Scenario) {
    this.writes = backgroundWrites(scenario);
    this.client = this.writes.length > 0 ? new Cluster(scenario.nodes.map((n, i) => ({ host: nodeAddress(i), port: n.port }))) : null;
    this.client?.on('error', () => undefined);
  }

  start(): void {
    if (!this.client) return;
    const client = this.client;
    this.timer = setInterval(() => { // nondeterminism-ok: a real trial runs in wall time
      for (const w of this.writes) client.set(w.key, w.value).catch(() => undefined);
    }, TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.client?.disconnect();
  }
}

/** Each starting master's write: a key in its first slot, and a value of write-rate bytes per second. */
export function backgroundWrites(scenario: Scenario): { key: string; value: string }[] {
  return scenario.nodes
    .filter((n) => !n.slots.isEmpty && n.options['write-rate'] > 0)
    .map((n) => ({ key: `{${tagFor(n.slots.ranges[0][0])}}rsim:write-rate:${n.name}`, value: 'x'.repeat(Math.max(1, Math.round((n.options['write-rate'] * TICK_MS) / 1000))) }));
}
