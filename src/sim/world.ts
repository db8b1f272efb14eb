import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import { Micros } from '../engine/time';
import { Network } from '../net/network';
import { LinkConfig } from '../net/linkConfig';
import { describeWire, WireMessage } from '../redis/messages';
import { NodeEvent } from '../redis/trace';
import { loadNodesConf, saveNodesConf } from '../redis/persistence';
import { RedisNode } from '../redis/nodeState';
import { Journal, SlotMap } from '../journal/journal';
import { Scenario } from '../scenario/types';
import { NodeProcess } from './process';
import { aloneNodesConf, initialNodesConf, nodeIds } from './bootstrap';
import { formByMeet } from './formation';
import { ViewRecorder } from './viewRecorder';
import { Workload } from './workload';
import { startPhases } from './startPhases';

/**
 * A cluster under simulation: the engine, the network and one process per scenario node, wired
 * together, with the journal every report is built from.
 */
export class World {
  readonly sim = new Simulator();
  readonly net: Network<WireMessage>;
  readonly journal: Journal;
  readonly processes: NodeProcess[];
  readonly hostOf = new Map<string, number>();
  private defaultLink: LinkConfig | undefined;
  private readonly views: ViewRecorder;
  /** nodes.conf of each host as last saved; until then, the initial one (built when first needed). */
  private readonly saved: (string | undefined)[];
  readonly ids: string[];
  /** The clients and their history, when the scenario has a workload. */
  readonly workload: Workload | null;

  constructor(readonly scenario: Scenario, readonly seed: number, opts: { traceMessages?: boolean } = {}) {
    const nodes = scenario.nodes;
    nodes.forEach((n, i) => this.hostOf.set(n.name, i));
    const clients = scenario.workload?.clients.length ?? 0;
    this.net = new Network<WireMessage>(this.sim, nodes.length + clients, describeWire, (from, to) => this.linkState(from, to));
    if (opts.traceMessages) this.net.trace = [];
    this.net.delayedAckUs = scenario.network.delayedAckUs;
    this.ids = nodeIds(nodes, seed);
    this.journal = new Journal(scenario, seed, this.ids);
    this.saved = new Array<string | undefined>(nodes.length);
    this.views = new ViewRecorder(this.journal, nodes.map((n) => n.name));
    // The nodes share one host clock, and the cluster starts at a random point of its second: what
    // Redis counts in whole seconds (unixtime, gossip pong times) is not locked to the processes' start.
    const clockPhaseUs = RandomStream.derive(seed, 'host/clock').int(1_000_000);
    const cronPhases = startPhases(seed, nodes.length, scenario.start);
    this.processes = nodes.map((n, i) => {
      const proc = new NodeProcess(
        i,
        n.name,
        this.sim,
        this.net,
        RandomStream.derive(seed, `node/${n.name}`),
        RandomStream.derive(seed, `node/${n.name}/wake`),
        (host, ev) => this.record(host, ev),
        (host) => this.recordView(host),
      );
      proc.clock.jump(clockPhaseUs);
      proc.cronPhaseUs = cronPhases?.[i] ?? null;
      this.net.attach(i, proc, [`127.0.0.1:${n.port}`, `127.0.0.1:${n.port + 10000}`]);
      this.net.bandwidth[i] = scenario.network.bandwidth;
      return proc;
    });
    this.workload = scenario.workload ? new Workload(this, scenario.workload) : null;
  }

  private linkState(from: number, to: number): { config: LinkConfig; seed: string } {
    const nodes = this.scenario.nodes;
    if (from >= nodes.length || to >= nodes.length) return (this.workload as Workload).linkState(from, to);
    const net = this.scenario.network;
    const a = nodes[from].name;
    const b = nodes[to].name;
    // Links without an override share one config object (faults replace a link's config, never edit it).
    let config: LinkConfig = (this.defaultLink ??= { latency: net.latency, loss: net.loss, lossMode: net.lossMode, duplicate: net.duplicate });
    for (const o of net.links) {
      if (!o.from.includes(a) || !o.to.includes(b)) continue;
      config = { ...config };
      if (o.latency) config.latency = o.latency;
      if (o.loss !== undefined) config.loss = o.loss;
      if (o.lossMode) config.lossMode = o.lossMode;
    }
    return { config, seed: RandomStream.seedOf(this.seed, `link/${a}->${b}`) };
  }

  /** Start every node process (they connect to each other on their first cron tick). */
  boot(): void {
    this.processes.forEach((p) => this.startProcess(p, false));
    if (this.scenario.formation === 'meet') formByMeet(this);
    this.workload?.boot();
  }

  /**
   * Start a process from its nodes.conf; `restart` when it ran before: it then takes its start-up
   * time, and its first cron comes at once. A cluster's first start is the moment it is whole.
   */
  startProcess(proc: NodeProcess, restart = true): void {
    const opts = this.scenario.nodes[proc.host].options;
    proc.start((env) => loadNodesConf(this.nodesConf(proc.host), env, opts), restart, restart ? opts['startup-ms'] : 0);
    this.logProcess(proc);
  }

  logProcess(proc: NodeProcess): void {
    this.journal.process(this.sim.now(), proc.name, proc.state);
  }

  /** Kill the process (SIGKILL), or with `graceful` let it exit as after SHUTDOWN; nodes.conf is kept either way. */
  crash(proc: NodeProcess, graceful = false): void {
    if (proc.state === 'dead') return;
    if (proc.node) this.saved[proc.host] = saveNodesConf(proc.node);
    proc.crash(graceful);
    proc.node = null;
    this.logProcess(proc);
    this.recordView(proc.host);
  }

  /** The nodes.conf `host` would start from now. */
  nodesConf(host: number): string {
    const fresh = this.scenario.formation === 'meet' ? aloneNodesConf : initialNodesConf;
    return this.saved[host] ?? fresh(this.scenario.nodes, this.ids, host);
  }

  node(name: string): RedisNode | null {
    const host = this.hostOf.get(name);
    return host === undefined ? null : this.processes[host].node;
  }

  process(name: string): NodeProcess {
    return this.processes[this.hostOf.get(name) as number];
  }

  private record(host: number, ev: NodeEvent): void {
    this.journal.event(this.sim.now(), this.scenario.nodes[host].name, ev.event, this.journal.displayName(ev.subject), ev.epoch, ev.detail);
  }

  recordView(host: number): void {
    const proc = this.processes[host];
    if (!proc.node || proc.state === 'dead') this.views.down(host, this.sim.now());
    else this.views.record(host, proc.node, this.sim.now());
    this.workload?.viewChanged();
  }

  /** Run until `untilUs`, then close the journal with what is known only at the end. */
  run(untilUs: Micros): void {
    this.sim.run(untilUs);
    const stats = this.net.stats;
    this.journal.finish({
      timeUs: this.sim.now(),
      eventsProcessed: this.sim.eventsProcessed,
      traffic: {
        byType: [...stats.byType],
        byHost: this.processes.map((p) => [...stats.hostCounters(p.host)]),
        sentPerSecond: [...stats.sentPerSecond(Math.ceil(this.sim.now() / 1_000_000))],
      },
      slotMaps: this.slotMaps(),
      messages: this.net.trace ?? null,
      workload: this.workload?.finish() ?? null,
    });
  }

  /** Each running node's slot owners, as its own table has them. */
  private slotMaps(): SlotMap[] {
    const maps: SlotMap[] = [];
    for (const p of this.processes) {
      if (!p.node || p.state === 'dead') continue;
      const owners = p.node.nodeList.filter((r) => !r.slots.isEmpty).map((r) => ({ owner: this.journal.displayName(r.name), slots: r.slots }));
      maps.push({ node: p.name, owners });
    }
    return maps;
  }
}
