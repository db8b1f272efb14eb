import { RandomStream } from '../engine/random';
import { LinkConfig } from '../net/linkConfig';
import { SimClient } from '../workload/client';
import { History } from '../workload/history';
import { WorkloadSpec } from '../workload/spec';
import { World } from './world';
import { WorkloadEnd } from '../journal/journal';
import { Value } from '../redis/dataset';
import { RedisNode } from '../redis/nodeState';
import { CLUSTER_SLOTS } from '../redis/slotSet';


/**
 * The scenario's clients in a world: each is a host of the network after the nodes, placed beside
 * its `near` node in partitions, with its own latency to every node and its own random streams.
 * A client without `from` starts when the cluster first forms (every node's cluster_state ok).
 */
export class Workload {
  readonly history = new History();
  readonly clients: SimClient[];
  private waitingForFormation: SimClient[] = [];

  constructor(
    private readonly world: World,
    readonly spec: WorkloadSpec,
  ) {
    const nodes = world.scenario.nodes;
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    const hostOf = new Map(addresses.map((a, h) => [a, h]));
    this.clients = spec.clients.map((c, i) => {
      const host = nodes.length + i;
      if (c.near) world.net.placeNear(host, world.hostOf.get(c.near) as number);
      const client = new SimClient(c, host, world.sim, world.net, addresses, hostOf, world.seed, this.history);
      world.net.attach(host, client, []);
      world.net.setHostUp(host, true);
      return client;
    });
  }

  /** A client's links: the network's loss and its own latency (to that node, if it names one), each direction its own stream. */
  linkState(from: number, to: number): { config: LinkConfig; seed: string } {
    const nodes = this.world.scenario.nodes;
    const client = this.spec.clients[Math.max(from, to) - nodes.length];
    const net = this.world.scenario.network;
    const name = (h: number): string => (h < nodes.length ? nodes[h].name : this.spec.clients[h - nodes.length].name);
    const node = nodes[Math.min(from, to)]?.name ?? '';
    return {
      config: { latency: client.latencyTo[node] ?? client.latency, loss: net.loss, lossMode: net.lossMode, duplicate: net.duplicate },
      seed: RandomStream.seedOf(this.world.seed, `link/${name(from)}->${name(to)}`),
    };
  }

  boot(): void {
    for (const c of this.clients) {
      const from = c.spec.fromUs;
      if (from === null) this.waitingForFormation.push(c);
      else this.world.sim.at(from, () => c.start());
    }
  }

  /**
   * Read every written key from its slot's final owner: the live master that claims the slot with
   * the greatest configEpoch (after a partition that never healed, two may claim it).
   */
  finish(): WorkloadEnd {
    const processes = this.world.processes;
    const owner = new Int16Array(CLUSTER_SLOTS).fill(-1);
    processes.forEach((p, host) => {
      const me = p.node?.myself;
      if (!me || p.state === 'dead' || !me.isMaster) return;
      me.slots.forEach((s) => {
        const o = owner[s];
        if (o < 0 || (processes[o].node as RedisNode).myself.configEpoch < me.configEpoch) owner[s] = host;
      });
    });
    const finalValues = new Map<string, Value | undefined>();
    for (const op of this.history.ops) {
      if (op.kind !== 'write' || finalValues.has(op.key)) continue;
      const host = owner[op.slot];
      finalValues.set(op.key, host < 0 ? undefined : (processes[host].node as RedisNode).data.get(op.key));
    }
    const finalOwners = Array.from(owner, (host) => (host < 0 ? '' : processes[host].name));
    return { ops: this.history.ops, finalValues, finalOwners };
  }

  /** After a node's view changed: start the clients that wait for the cluster to form, once it has. */
  viewChanged(): void {
    if (this.waitingForFormation.length === 0) return;
    if (!this.world.processes.every((p) => p.node !== null && p.state !== 'dead' && p.node.state === 'ok')) return;
    const starting = this.waitingForFormation.splice(0);
    for (const c of starting) c.start();
  }
}
