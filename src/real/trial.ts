import { copyFileSync, existsSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { RandomStream } from '../engine/random';
import { Micros } from '../engine/time';
import { applyAction } from '../faults/apply';
import { FaultTarget, pairs, Undo } from '../faults/fault';
import { Journal, ProcessState } from '../journal/journal';
import { LinkConfig } from '../net/linkConfig';
import { CRON_CYCLE_US } from '../redis/constants';
import { FailoverMode } from '../redis/manualFailover';
import { Scenario } from '../scenario/types';
import { parseClusterNodes, parseInfo } from './clusterNodes';
import { BackgroundWrites } from './backgroundWrites';
import { logStampToUs, parseLog } from './logs';
import { RealObserver } from './observer';
import { redisCliReshard } from './reshard';
import { RealWorkload } from './workload';
import { Firewall } from './firewall';
import { nodeAddress, RealServer, ServerRegistry, trialDirs } from './servers';

/**
 * One trial of a scenario on real redis-server processes: start them, form the cluster as the
 * scenario says, wait until it is stable, wait a random 1-3 s (so the faults land at a random phase
 * of the servers' crons; drawn from the seed), then play the schedule at its times as wall-clock
 * offsets while the observer polls, and read the servers' logs at the end. The result is a journal
 * like a simulated run's. Wall time is the point here, and this module is the one that reads it.
 */
export interface TrialOptions {
  binary: string;
  seed: number;
  /** Copy the servers' logs here before their directories are removed. */
  keepLogsIn?: string;
  log?: (line: string) => void;
}

export interface TrialResult {
  journal: Journal;
  trace: RealObserver['trace'];
}

const wallMs = (): number => performance.timeOrigin + performance.now(); // nondeterminism-ok: sim real runs in wall time
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms)); // nondeterminism-ok

/** Sleep until the wall clock reads `ms`: a timer may fire a millisecond early. */
async function sleepUntil(ms: number): Promise<void> {
  while (wallMs() < ms) await sleep(ms - wallMs());
}

export async function runTrial(scenario: Scenario, opts: TrialOptions): Promise<TrialResult> {
  const registry = new ServerRegistry();
  const { root, dirs } = trialDirs(scenario.nodes);
  const addresses = scenario.nodes.map((_, i) => nodeAddress(i));
  const servers = scenario.nodes.map((n, i) => new RealServer(n, addresses[i], dirs[i], opts.binary, registry));
  const stopAll = (): void => servers.forEach((s) => s.stop());
  const onSignal = (): void => {
    stopAll();
    registry.clear();
    rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let t0 = Infinity;
  const toUs = (ms: number): Micros => Math.round((ms - t0) * 1000);
  const ids: string[] = [];
  const nameOfId = (id: string): string => scenario.nodes[ids.indexOf(id)]?.name ?? id.slice(0, 8);
  let observer: RealObserver | null = null;
  let target: RealFaultTarget | null = null;
  let background: BackgroundWrites | null = null;
  try {
    await startServers(servers, scenario, opts.seed);
    const probe = new RealObserver(scenario.nodes, addresses, new Journal(scenario, opts.seed, []), nameOfId, toUs, wallMs);
    await probe.connect();
    await waitFor(() => Promise.all(servers.map((_, i) => probe.client(i).ping().then(() => true, () => false))).then((ok) => ok.every(Boolean)), 10_000, 'every server answers PING');
    ids.push(...(await Promise.all(servers.map((_, i) => probe.client(i).call('CLUSTER', 'MYID') as Promise<string>))));
    await form(scenario, probe, ids, addresses);
    await waitFor(() => stable(scenario, probe), 60_000, 'the cluster is stable (all known, no flags, links up, views agree, replicas in sync)');
    probe.close();
    opts.log?.('cluster stable');
    const journal = new Journal(scenario, opts.seed, ids);
    observer = new RealObserver(scenario.nodes, addresses, journal, nameOfId, toUs, wallMs);
    await observer.connect();
    background = new BackgroundWrites(scenario);
    background.start();
    t0 = wallMs() + 1000 + RandomStream.derive(opts.seed, 'real/start').next() * 2000;
    for (const n of scenario.nodes) journal.process(0, n.name, 'running');
    await sleepUntil(t0);
    observer.start();
    const faults = new RealFaultTarget(scenario, servers, ids, observer, journal, () => toUs(wallMs()));
    target = faults;
    const workload = scenario.workload ? new RealWorkload(scenario, toUs, wallMs) : null;
    workload?.start(t0);
    const undos = new Map<number, Undo>();
    const timers = scenario.schedule.map((item) => setTimeout(() => applyAction(item, faults, journal, undos), t0 + item.atUs / 1000 - wallMs())); // nondeterminism-ok
    await sleepUntil(t0 + scenario.durationUs / 1000);
    timers.forEach(clearTimeout);
    workload?.stop();
    observer.stop();
    await observer.pollAll();
    const endUs = toUs(wallMs());
    const quorum = Math.floor(scenario.nodes.filter((n) => !n.replicaOf && !n.slots.isEmpty).length / 2) + 1;
    servers.forEach((s, i) => {
      if (!existsSync(s.logFile)) return;
      const { events, promotions } = parseLog(readFileSync(s.logFile, 'utf8'), nameOfId, logStampToUs(toUs, commandTimes(journal, s.name)), quorum);
      retimePromotions(journal, s.name, promotions);
      for (const e of events) {
        if (e.timeUs <= endUs) journal.event(e.timeUs, s.name, e.event, e.subject || s.name, e.epoch, e.detail);
      }
      if (opts.keepLogsIn) copyFileSync(s.logFile, join(opts.keepLogsIn, `${scenario.nodes[i].name}.log`));
    });
    journal.events.sort((a, b) => a.timeUs - b.timeUs);
    journal.views.sort((a, b) => a.timeUs - b.timeUs);
    const live = (name: string): boolean => faults.state(name) === 'running';
    const clients = workload ? await workload.finish() : null;
    journal.finish({ timeUs: endUs, eventsProcessed: 0, traffic: observer.traffic(), slotMaps: observer.slotMaps(live), messages: null, workload: clients });
    return { journal, trace: observer.trace };
  } finally {
    background?.stop();
    observer?.close();
    target?.close();
    stopAll();
    registry.clear();
    rmSync(root, { recursive: true, force: true });
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** When the driver acted on a node: its faults and actions, journaled before they are sent. */
function commandTimes(journal: Journal, node: string): Micros[] {
  return journal.events.filter((e) => (e.event === 'fault' || e.event === 'action') && e.detail.nodes.includes(node)).map((e) => e.timeUs);
}

/**
 * A node's own view shows its promotion up to a poll late; its log has the instant. The poll's
 * events about it (master_replaced, and its own role and slots) move to the log's time, so the
 * others' learning of it is measured from when it happened, as in the simulation.
 */
function retimePromotions(journal: Journal, node: string, promotions: Micros[]): void {
  for (const e of journal.events) {
    if (e.node !== node || e.event !== 'master_replaced') continue;
    const at = promotions.filter((p) => p <= e.timeUs && p > e.timeUs - 1_000_000).pop();
    if (at === undefined) continue;
    const polled = e.timeUs;
    for (const x of journal.events) if (x.node === node && x.timeUs === polled && (x.event === 'master_replaced' || x.subject === node)) x.timeUs = at;
  }
}

/**
 * Start the servers as the scenario's processes were started: in one loop (together), or each after
 * a random delay within one cron cycle (apart), so that their crons tick at phases of their own, as
 * the model draws them.
 */
async function startServers(servers: RealServer[], scenario: Scenario, seed: number): Promise<void> {
  if (scenario.start === 'together') return servers.forEach((s) => s.start());
  const delayMs = (i: number): number => (RandomStream.derive(seed, `real/start/${scenario.nodes[i].name}`).next() * CRON_CYCLE_US) / 1000;
  await Promise.all(servers.map((s, i) => sleep(delayMs(i)).then(() => s.start())));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = wallMs() + timeoutMs;
  while (!(await check())) {
    if (wallMs() > until) throw new Error(`sim real: gave up waiting ${timeoutMs / 1000} s until ${what}`);
    await sleep(20);
  }
}

/**
 * Form the cluster: slots to each master, redis-cli's distinct config epochs (unless formation is
 * meet), every node meets the first, then each replica replicates its master once it knows it.
 */
async function form(scenario: Scenario, probe: RealObserver, ids: string[], addresses: string[]): Promise<void> {
  const nodes = scenario.nodes;
  await Promise.all(
    nodes.map(async (n, i) => {
      const c = probe.client(i);
      for (const [a, b] of n.slots.ranges) await c.call('CLUSTER', 'ADDSLOTSRANGE', String(a), String(b));
      if (scenario.formation === 'create' && n.configEpoch > 0) await c.call('CLUSTER', 'SET-CONFIG-EPOCH', String(n.configEpoch));
    }),
  );
  for (let i = 1; i < nodes.length; i++) await probe.client(0).call('CLUSTER', 'MEET', addresses[i], String(nodes[i].port), String(nodes[i].port + 10000));
  await waitFor(async () => (await Promise.all(nodes.map((_, i) => knownNodes(probe, i)))).every((k) => k === nodes.length), 30_000, 'every node knows every other');
  for (const [i, n] of nodes.entries()) {
    if (n.replicaOf) await probe.client(i).call('CLUSTER', 'REPLICATE', ids[nodes.findIndex((m) => m.name === n.replicaOf)]);
  }
}

async function knownNodes(probe: RealObserver, i: number): Promise<number> {
  const text = (await probe.client(i).call('CLUSTER', 'NODES')) as string;
  return parseClusterNodes(text).filter((l) => !l.handshake).length;
}

/** Every node knows all, no flags, all links connected, cluster_state ok, the same roles everywhere, replicas' links up. */
async function stable(scenario: Scenario, probe: RealObserver): Promise<boolean> {
  const answers = await Promise.all(
    scenario.nodes.map(async (_, i) => {
      const c = probe.client(i);
      const [nodes, info, role] = (await Promise.all([c.call('CLUSTER', 'NODES'), c.call('CLUSTER', 'INFO'), c.call('ROLE')])) as [string, string, unknown[]];
      return { lines: parseClusterNodes(nodes), info: parseInfo(info), role };
    }),
  );
  const shape = (lines: ReturnType<typeof parseClusterNodes>): string => lines.map((l) => `${l.id}:${l.role}:${l.master}:${l.slots.key}`).sort().join(' ');
  const first = shape(answers[0].lines);
  return answers.every(
    (a, i) =>
      a.lines.length === scenario.nodes.length &&
      a.lines.every((l) => !l.pfail && !l.fail && !l.handshake && (l.myself || l.connected)) &&
      a.info.get('cluster_state') === 'ok' &&
      shape(a.lines) === first &&
      (!scenario.nodes[i].replicaOf || (a.role[0] === 'slave' && a.role[3] === 'connected')),
  );
}

/**
 * Faults as signals and commands to real processes, and partitions and loss as firewall rules
 * between their addresses; latency and clock faults were refused before the trial.
 */
class RealFaultTarget implements FaultTarget {
  readonly nodeNames: readonly string[];
  private readonly states = new Map<string, ProcessState>();
  private readonly cut = new Set<string>();
  /** Each link's loss rate where a fault changed it from the scenario's network.loss (by "from>to"). */
  private readonly loss = new Map<string, number>();
  private readonly firewall: Firewall;

  constructor(
    private readonly scenario: Scenario,
    private readonly servers: RealServer[],
    private readonly ids: readonly string[],
    private readonly observer: RealObserver,
    private readonly journal: Journal,
    readonly now: () => Micros,
  ) {
    this.nodeNames = scenario.nodes.map((n) => n.name);
    for (const n of this.nodeNames) this.states.set(n, 'running');
    this.firewall = new Firewall((error) => this.commandError('-', 'firewall', error));
    if (scenario.network.loss > 0) pairs(this.nodeNames, this.nodeNames, (a, b) => this.setLoss(a, b, scenario.network.loss));
  }

  close(): void {
    this.firewall.close();
  }

  state(node: string): ProcessState {
    return this.states.get(node) ?? 'dead';
  }

  crash(node: string): void {
    this.server(node).signal('SIGKILL');
    this.set(node, 'dead');
  }

  shutdown(node: string): void {
    this.observer.client(this.index(node)).call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    this.set(node, 'dead');
  }

  restart(node: string): void {
    this.server(node).start();
    this.set(node, 'running');
  }

  pause(node: string): void {
    this.server(node).signal('SIGSTOP');
    this.set(node, 'paused');
  }

  resume(node: string): void {
    this.server(node).signal('SIGCONT');
    this.set(node, 'running');
  }

  clusterFailover(node: string, mode: FailoverMode): string | null {
    const args = mode === 'default' ? [] : [mode.toUpperCase()];
    this.observer
      .client(this.index(node))
      .call('CLUSTER', 'FAILOVER', ...args)
      .catch((e: Error) => this.commandError(node, `CLUSTER FAILOVER ${mode}`, e.message));
    return null;
  }

  commandError(node: string, command: string, error: string): void {
    this.journal.event(this.now(), node, 'command_error', node, '', { command, error });
  }

  reshard(from: string, to: string, slots: number, pipeline: number): void {
    const target = this.server(to);
    redisCliReshard(`${target.address}:${target.spec.port}`, this.ids[this.index(from)], this.ids[this.index(to)], slots, pipeline, (o) => {
      if ('error' in o) this.commandError(to, 'redis-cli --cluster reshard', o.error);
      else this.journal.event(this.now(), '-', 'reshard_done', to, '', { from, to, ...o });
    });
  }

  jumpClock(): void {
    throw new Error('refused before the trial');
  }

  setClockDrift(): void {
    throw new Error('refused before the trial');
  }

  isBlocked(from: string, to: string): boolean {
    return this.cut.has(`${from}>${to}`);
  }

  block(from: string, to: string): void {
    if (this.isBlocked(from, to)) return;
    this.cut.add(`${from}>${to}`);
    this.firewall.block(this.server(from).address, this.server(to).address);
  }

  unblock(from: string, to: string): void {
    if (!this.cut.delete(`${from}>${to}`)) return;
    this.firewall.unblock(this.server(from).address, this.server(to).address);
  }

  /** The link as the scenario's network has it but for its loss, the one field a real link can change here. */
  linkConfig(from: string, to: string): LinkConfig {
    const { latency, loss, lossMode, duplicate } = this.scenario.network;
    return { latency, loss: this.loss.get(`${from}>${to}`) ?? loss, lossMode, duplicate };
  }

  setLinkConfig(from: string, to: string, config: LinkConfig): void {
    if (config.loss !== this.linkConfig(from, to).loss) this.setLoss(from, to, config.loss);
  }

  private setLoss(from: string, to: string, rate: number): void {
    this.loss.set(`${from}>${to}`, rate);
    this.firewall.setLoss(this.server(from).address, this.server(to).address, rate);
  }

  private set(node: string, state: ProcessState): void {
    this.states.set(node, state);
    this.journal.process(this.now(), node, state);
  }

  private index(node: string): number {
    return this.nodeNames.indexOf(node);
  }

  private server(node: string): RealServer {
    return this.servers[this.index(node)];
  }
}
