import { RandomStream } from '../engine/random';
import { Simulator } from '../engine/simulator';
import { Micros } from '../engine/time';
import { Network } from '../net/network';
import { LinkConfig } from '../net/linkConfig';
import { describeWire, WireMessage } from '../redis/messages';
import { NodeEvent } from '../redis/env';
import { loadNodesConf, saveNodesConf } from '../redis/persistence';
import { RedisNode } from '../redis/node';
import { ViewSources } from './viewSources';
import { Journal } from '../report/journal';
import { Scenario } from '../scenario/types';
import { NodeProcess, ProcessState } from './process';
import { initialNodesConf, nodeIds } from './bootstrap';

/**
 * A cluster under simulation: the engine, the network and one process per scenario node, wired
 * together, with the journal every report is built from.
 */
export class World {
  readonly sim = new Simulator();
  readonly net: Network<WireMessage>;
  readonly journal = new Journal();
  readonly processes: NodeProcess[];
  readonly hostOf = new Map<string, number>();
  readonly nameOfId = new Map<string, string>();
  /** Process state changes (crash, restart, pause, resume), in time order. */
  readonly processLog: { timeUs: Micros; node: string; state: ProcessState }[] = [];
  /** Faults and actions as applied, with the nodes each involved. */
  readonly faultLog: { timeUs: Micros; kind: string; label: string; nodes: string[] }[] = [];
  private defaultLink: LinkConfig | undefined;
  /** What each host's last view was built from: most dispatches change none of it. */
  private readonly viewSources: ViewSources[];
  /** nodes.conf of each host as last saved; until then, the initial one (built when first needed). */
  private readonly saved: (string | undefined)[];
  private readonly ids: string[];

  constructor(readonly scenario: Scenario, readonly seed: number, opts: { traceMessages?: boolean } = {}) {
    const nodes = scenario.nodes;
    nodes.forEach((n, i) => this.hostOf.set(n.name, i));
    this.net = new Network<WireMessage>(this.sim, nodes.length, describeWire, (from, to) => this.linkState(from, to));
    if (opts.traceMessages) this.net.trace = [];
    this.ids = nodeIds(nodes, seed);
    this.ids.forEach((id, i) => this.nameOfId.set(id, nodes[i].name));
    this.saved = new Array<string | undefined>(nodes.length);
    this.viewSources = nodes.map(() => new ViewSources());
    this.processes = nodes.map((n, i) => {
      const proc = new NodeProcess(
        i,
        n.name,
        this.sim,
        this.net,
        RandomStream.derive(seed, `node/${n.name}`),
        (host, ev) => this.record(host, ev),
        (host) => this.recordView(host),
      );
      this.net.attach(i, proc, [`127.0.0.1:${n.port}`, `127.0.0.1:${n.port + 10000}`]);
      this.net.bandwidth[i] = scenario.network.bandwidth;
      return proc;
    });
  }

  private linkState(from: number, to: number): { config: LinkConfig; seed: string } {
    const net = this.scenario.network;
    const a = this.scenario.nodes[from].name;
    const b = this.scenario.nodes[to].name;
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
    this.processes.forEach((p) => this.startProcess(p));
  }

  startProcess(proc: NodeProcess): void {
    const opts = this.scenario.nodes[proc.host].options;
    proc.start((env) => loadNodesConf(this.nodesConf(proc.host), env, opts));
    this.logProcess(proc);
  }

  logProcess(proc: NodeProcess): void {
    this.processLog.push({ timeUs: this.sim.now(), node: proc.name, state: proc.state });
  }

  crash(proc: NodeProcess): void {
    if (proc.state === 'crashed') return;
    if (proc.node) this.saved[proc.host] = saveNodesConf(proc.node);
    proc.crash();
    proc.node = null;
    this.logProcess(proc);
    this.recordView(proc.host);
  }

  /** The nodes.conf `host` would start from now. */
  nodesConf(host: number): string {
    return this.saved[host] ?? initialNodesConf(this.scenario.nodes, this.ids, host);
  }

  node(name: string): RedisNode | null {
    const host = this.hostOf.get(name);
    return host === undefined ? null : this.processes[host].node;
  }

  process(name: string): NodeProcess {
    return this.processes[this.hostOf.get(name) as number];
  }

  /** A node id as the journal shows it: the scenario name when known. */
  displayName(id: string): string {
    return this.nameOfId.get(id) ?? id.slice(0, 8);
  }

  private record(host: number, ev: NodeEvent): void {
    const node = this.scenario.nodes[host].name;
    const detail = ev.detail.replace(/[0-9a-f]{40}/g, (id) => this.displayName(id));
    this.journal.event(this.sim.now(), node, ev.event, this.displayName(ev.subject), ev.epoch, detail);
  }

  recordView(host: number): void {
    const proc = this.processes[host];
    const node = proc.node;
    const name = this.scenario.nodes[host].name;
    const timeUs: Micros = this.sim.now();
    if (!node || proc.state === 'crashed') {
      this.viewSources[host] = new ViewSources();
      this.journal.view({ timeUs, node: name, role: 'down', master: '', currentEpoch: 0, configEpoch: 0, state: '', pfail: 0, fail: 0, slots: '' });
      return;
    }
    const me = node.myself;
    const master = me.isReplica && me.slaveof ? me.slaveof : null;
    if (!this.viewSources[host].changed(node, master)) return;
    this.journal.view({
      timeUs,
      node: name,
      role: me.isMaster ? 'master' : 'replica',
      master: master ? this.displayName(master.name) : '',
      currentEpoch: node.currentEpoch,
      configEpoch: master ? master.configEpoch : me.configEpoch,
      state: node.state,
      pfail: node.pfailCount,
      fail: node.failCount,
      slots: me.slots.key,
    });
  }
}
