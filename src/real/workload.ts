import { AbstractConnector, Cluster } from 'ioredis';
import { createConnection } from 'net';
import { RandomStream } from '../engine/random';
import { Micros } from '../engine/time';
import { WorkloadEnd } from '../journal/journal';
import { Value } from '../redis/dataset';
import { CLUSTER_SLOTS } from '../redis/slotSet';
import { Scenario } from '../scenario/types';
import { invoked, OpRecord } from '../workload/history';
import { Keys } from '../workload/keyspace';
import { ClientSpec, readCommand } from '../workload/spec';
import { nodeAddress } from './servers';

/**
 * The scenario's clients against a real cluster: one ioredis Cluster per client with the options
 * the scenario names, issuing the same keys from the same seeded streams at the same rate (wall
 * clock), each operation recorded as the simulated client records it. At the end every written key
 * is read through a fresh client, which asks each slot's owner as the cluster now has it. ioredis
 * does not say which node answered or how often it resent, so `node` is -1 and `attempts` 1. A
 * client `near` a node connects from that node's address, so the firewall cuts it where it cuts
 * the node, as in the simulation.
 */
export class RealWorkload {
  readonly ops: OpRecord[] = [];
  private readonly clients: Cluster[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly scenario: Scenario,
    private readonly toUs: (wallMs: number) => Micros,
    private readonly wallMs: () => number,
  ) {}

  /** Start every client at its `from` (or at time 0: a real cluster is formed before the trial's clock starts). */
  start(t0: number): void {
    for (const spec of this.scenario.workload?.clients ?? []) {
      const client = connect(this.scenario, spec);
      this.clients.push(client);
      const keys = new Keys(spec.name, spec.keys, spec.command === 'mset');
      const stream = (purpose: string): RandomStream => RandomStream.derive(this.scenario.seed, `client/${spec.name}/${purpose}`);
      const pick = stream('keys');
      const issue = (kind: 'write' | 'read', value: number): void => this.issue(client, spec, keys, pick, kind, value);
      let seq = 0;
      const startMs = t0 + (spec.fromUs ?? 0) / 1000;
      if (spec.writes > 0) this.every(startMs, spec, spec.writes, stream('writes'), () => issue('write', spec.command === 'incr' ? 0 : ++seq));
      if (spec.reads > 0) this.every(startMs, spec, spec.reads, stream('reads'), () => issue('read', 0));
    }
  }

  /** Call `fire` at the rate from `startMs` until the client's end, catching up when a timer is late. */
  private every(startMs: number, spec: ClientSpec, rate: number, rng: RandomStream, fire: () => void): void {
    let due = startMs;
    const endMs = startMs - (spec.fromUs ?? 0) / 1000 + spec.untilUs / 1000;
    const gapMs = (): number => (spec.arrival === 'fixed' ? 1000 / rate : (-Math.log(1 - rng.next()) * 1000) / rate);
    const tick = (): void => {
      while (due <= this.wallMs() && due < endMs) {
        fire();
        due += gapMs();
      }
      if (due < endMs) this.timers.push(setTimeout(tick, Math.max(0, due - this.wallMs()))); // nondeterminism-ok: wall time is the point here
    };
    this.timers.push(setTimeout(tick, Math.max(0, due - this.wallMs()))); // nondeterminism-ok
  }

  private issue(client: Cluster, spec: ClientSpec, keys: Keys, pick: RandomStream, kind: 'write' | 'read', value: number): void {
    const i = pick.int(keys.names.length);
    const key = keys.names[i];
    const command = kind === 'read' ? readCommand(spec.command) : spec.command.toUpperCase();
    const rec = invoked(spec.name, kind, command, key, keys.slots[i], value, this.toUs(this.wallMs()));
    rec.attempts = 1;
    this.ops.push(rec);
    const p = send(client, spec, kind, command, [key, keys.seconds?.[i]], value).then(
      (result) => {
        rec.completeUs = this.toUs(this.wallMs());
        rec.outcome = 'ok';
        rec.result = result;
      },
      (e: Error) => {
        rec.completeUs = this.toUs(this.wallMs());
        rec.outcome = e.message === 'Command timed out' ? 'timeout' : 'fail';
        rec.error = e.message;
      },
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Stop issuing; what is still unanswered stays pending. */
  stop(): void {
    this.timers.forEach(clearTimeout);
  }

  /** Read every written key from the cluster as it now is, and each slot's owner from CLUSTER SLOTS. */
  async finish(): Promise<WorkloadEnd> {
    const reader = connect(this.scenario, null);
    try {
      const finalValues = new Map<string, Value | undefined>();
      const writes = new Map(this.ops.filter((o) => o.kind === 'write').map((o) => [o.key, o.command]));
      await Promise.all(
        [...writes].map(async ([key, command]) => {
          const v = command === 'RPUSH' ? ((await reader.lrange(key, 0, -1)) as string[]).map(Number) : await reader.get(key);
          finalValues.set(key, v === null ? undefined : Array.isArray(v) ? v : Number(v));
        }),
      );
      const finalOwners = new Array<string>(CLUSTER_SLOTS).fill('');
      const byPort = new Map(this.scenario.nodes.map((n) => [n.port, n.name]));
      for (const [start, end, master] of await reader.cluster('SLOTS')) finalOwners.fill(byPort.get(master[1]) ?? '', start, end + 1);
      return { ops: this.ops, finalValues, finalOwners };
    } finally {
      reader.disconnect();
      this.clients.forEach((c) => c.disconnect());
    }
  }
}

/** ioredis's connector for one node, but leaving from a given local address (ioredis has no option for it). */
interface NodeOptions {
  host: string;
  port: number;
  disconnectTimeout?: number;
}

function connectorFrom(localAddress: string): new (options: unknown) => AbstractConnector {
  return class extends AbstractConnector {
    private readonly options: NodeOptions;

    constructor(options: unknown) {
      const o = options as NodeOptions;
      super(o.disconnectTimeout ?? 2000);
      this.options = o;
    }

    connect(): Promise<ReturnType<typeof createConnection>> {
      this.connecting = true;
      return new Promise((resolve, reject) => {
        process.nextTick(() => {
          if (!this.connecting) return reject(new Error('Connection is closed.'));
          const stream = createConnection({ host: this.options.host, port: this.options.port, localAddress });
          this.stream = stream;
          stream.once('error', (e) => (this.firstError = e));
          resolve(stream);
        });
      });
    }
  };
}

/** An ioredis Cluster with the scenario client's options (or ioredis's defaults, for the final reads). */
function connect(scenario: Scenario, spec: ClientSpec | null): Cluster {
  const p = spec?.policy;
  const startupNodes = scenario.nodes.map((n, i) => ({ host: nodeAddress(i), port: n.port }));
  if (!p) return new Cluster(startupNodes);
  const near = spec?.near ? scenario.nodes.findIndex((n) => n.name === spec.near) : -1;
  return new Cluster(startupNodes, {
    maxRedirections: p.maxRedirections,
    retryDelayOnMoved: p.retryDelayOnMoved,
    retryDelayOnFailover: p.retryDelayOnFailover,
    retryDelayOnClusterDown: p.retryDelayOnClusterDown,
    retryDelayOnTryAgain: p.retryDelayOnTryAgain,
    slotsRefreshTimeout: p.slotsRefreshTimeout,
    slotsRefreshInterval: p.slotsRefreshInterval || undefined,
    scaleReads: p.scaleReads,
    redisOptions: { commandTimeout: p.commandTimeout || undefined, connectTimeout: p.connectTimeout, ...(near >= 0 ? { Connector: connectorFrom(nodeAddress(near)) } : {}) },
  });
}

/**
 * The command, and WAIT after a write when the client asks for it (a pipeline: WAIT goes to the
 * write's node). ioredis knows a command's flags by its lower-case name only: `call('LLEN')` is not
 * read-only to it, and scaleReads would send it to the master. MSET sets both keys to the write's
 * id; MGET answers with the first key's value.
 */
async function send(client: Cluster, spec: ClientSpec, kind: 'write' | 'read', name: string, keys: [string, string | undefined], value: number): Promise<number | null> {
  const command = name.toLowerCase();
  const pair = keys[1] === undefined ? [keys[0]] : [keys[0], keys[1]];
  const args = kind === 'read' || command === 'incr' ? pair : pair.flatMap((k) => [k, String(value)]);
  if (kind === 'read' || !spec.wait) {
    const answer = (await client.call(command, ...args)) as string | number | null | (string | null)[];
    const r = Array.isArray(answer) ? answer[0] : answer;
    return r === null || r === 'OK' ? (r === 'OK' ? 0 : null) : Number(r);
  }
  const results = await client.pipeline().call(command, ...args).call('WAIT', String(spec.wait.replicas), String(spec.wait.timeoutMs)).exec();
  const failed = results?.find(([e]) => e !== null);
  if (failed) throw failed[0] as Error;
  return Number(results?.[1][1]);
}
