import Redis from 'ioredis';
import { Micros } from '../engine/time';
import { Journal } from '../journal/journal';
import { Counter } from '../net/stats';
import { SlotSet } from '../redis/slotSet';
import { NodesLine, parseClusterNodes, parseInfo } from './clusterNodes';

/**
 * Watches a real cluster as the calibration harness did: every node every ~10 ms, CLUSTER NODES,
 * CLUSTER INFO and ROLE pipelined on one connection per node. Each answer that differs from that
 * node's previous one becomes the journal's events (role changes, PFAIL, slots bound, promotions,
 * cluster_state, the replication link) and a row of its view, at the instant the answer arrived, so
 * the simulator's reports and expectations read a real run as they read a simulated one. What polling
 * cannot see (elections, votes, FAIL) comes from the servers' logs (logs.ts).
 */
export const POLL_MS = 10;

interface NodeView {
  lines: Map<string, NodesLine>;
  state: string;
  linkUp: boolean;
  raw: string;
}

export interface PollRecord {
  t_ms: number;
  node: string;
  cluster_nodes: string;
  cluster_info: string;
  role: unknown;
}

export class RealObserver {
  readonly trace: PollRecord[] = [];
  private readonly clients: Redis[];
  private readonly views = new Map<string, NodeView>();
  /** Each node's CLUSTER INFO message counters: at its first answer of this life, and at its last. */
  private readonly counters = new Map<string, { first: Map<string, number>; last: Map<string, number> }>();
  private readonly inFlight = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly nodes: { name: string; port: number }[],
    addresses: string[],
    private readonly journal: Journal,
    private readonly nameOfId: (id: string) => string,
    /** Virtual µs of a wall-clock instant in ms. */
    private readonly toUs: (wallMs: number) => Micros,
    private readonly wallMs: () => number,
  ) {
    this.clients = nodes.map(
      (n, i) => new Redis({ host: addresses[i], port: n.port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 300, connectTimeout: 300, retryStrategy: () => 20 }),
    );
    for (const c of this.clients) c.on('error', () => {});
  }

  async connect(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.connect().catch(() => undefined)));
  }

  client(i: number): Redis {
    return this.clients[i];
  }

  start(): void {
    this.timer = setInterval(() => this.nodes.forEach((_, i) => void this.poll(i)), POLL_MS); // nondeterminism-ok: polling a real cluster
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stop();
    for (const c of this.clients) c.disconnect();
  }

  /** Poll every node once more and wait for the answers (the end of a trial). */
  async pollAll(): Promise<void> {
    await Promise.all(this.nodes.map((_, i) => this.poll(i)));
  }

  /** The slot map each node answered last: who owns which slots, by scenario name. */
  slotMaps(live: (name: string) => boolean): { node: string; owners: { owner: string; slots: SlotSet }[] }[] {
    return this.nodes
      .filter((n) => live(n.name) && this.views.has(n.name))
      .map((n) => ({
        node: n.name,
        owners: [...(this.views.get(n.name) as NodeView).lines.values()].filter((l) => l.role === 'master' && !l.slots.isEmpty).map((l) => ({ owner: this.nameOfId(l.id), slots: l.slots })),
      }));
  }

  private async poll(i: number): Promise<void> {
    if (this.inFlight.has(i)) return;
    this.inFlight.add(i);
    try {
      const replies = await this.clients[i].pipeline().call('CLUSTER', 'NODES').call('CLUSTER', 'INFO').call('ROLE').exec();
      if (!replies || replies.some(([err]) => err)) return;
      const [nodes, info, role] = replies.map(([, v]) => v) as [string, string, unknown[]];
      this.observe(this.nodes[i].name, this.wallMs(), nodes, info, role);
    } catch {
      // A dead or stopped node does not answer; its process events say why.
    } finally {
      this.inFlight.delete(i);
    }
  }

  /** One answer of node `name` at wall time `atMs`: events for what changed since its previous one, and its view. */
  observe(name: string, atMs: number, nodesText: string, infoText: string, role: unknown[]): void {
    const t = this.toUs(atMs);
    if (t < 0) return;
    const info = parseInfo(infoText);
    this.count(name, info);
    const lines = new Map(parseClusterNodes(nodesText).filter((l) => !l.handshake).map((l) => [l.id, l]));
    const state = info.get('cluster_state') ?? '';
    const linkUp = role[0] === 'slave' && role[3] === 'connected';
    const prev = this.views.get(name);
    const raw = `${nodesText}|${state}|${linkUp}`;
    if (prev?.raw === raw) return;
    this.trace.push({ t_ms: Math.round(t) / 1000, node: name, cluster_nodes: nodesText, cluster_info: infoText, role });
    if (prev) this.changes(name, t, prev, lines, state, linkUp, Number(role[4] ?? 0), atMs);
    this.views.set(name, { lines, state, linkUp, raw });
    this.recordView(name, t, lines, info);
  }

  private count(name: string, info: Map<string, string>): void {
    const stats = new Map([...info].filter(([k]) => k.startsWith('cluster_stats_messages_')).map(([k, v]) => [k, Number(v)]));
    const c = this.counters.get(name);
    // A restarted server counts from zero again: its new life adds to what the old one counted.
    if (!c) this.counters.set(name, { first: stats, last: stats });
    else if ((stats.get('cluster_stats_messages_sent') ?? 0) < (c.last.get('cluster_stats_messages_sent') ?? 0)) {
      this.counters.set(name, { first: new Map([...c.first].map(([k, v]) => [k, v - (c.last.get(k) ?? 0)])), last: stats });
    } else c.last = stats;
  }

  /**
   * Messages each node sent and received over the trial, by type, from CLUSTER INFO (sent, and
   * received as "delivered"); a real server counts no bytes, drops or duplicates.
   */
  traffic(): { byType: [string, Counter][]; byHost: [string, Counter][][]; sentPerSecond: [string, number[]][] } {
    const total = new Map<string, Counter>();
    const byHost = this.nodes.map((n) => {
      const c = this.counters.get(n.name);
      const types = new Map<string, Counter>();
      for (const [key, value] of c?.last ?? []) {
        const m = /^cluster_stats_messages_(.+)_(sent|received)$/.exec(key);
        if (!m) continue;
        const n = value - (c?.first.get(key) ?? 0);
        for (const map of [types, total]) {
          const counter = map.get(m[1]) ?? { sent: 0, delivered: 0, dropped: 0, bytesSent: 0, bytesDelivered: 0, duplicated: 0 };
          if (m[2] === 'sent') counter.sent += n;
          else counter.delivered += n;
          map.set(m[1], counter);
        }
      }
      return [...types].sort(([a], [b]) => a.localeCompare(b));
    });
    return { byType: [...total].sort(([a], [b]) => a.localeCompare(b)), byHost, sentPerSecond: [] };
  }

  private changes(name: string, t: Micros, prev: NodeView, lines: Map<string, NodesLine>, state: string, linkUp: boolean, offset: number, atMs: number): void {
    const j = this.journal;
    for (const cur of lines.values()) {
      const old = prev.lines.get(cur.id);
      if (!old) continue;
      const subject = this.nameOfId(cur.id);
      if (old.role !== cur.role) {
        const master = cur.master ? this.nameOfId(cur.master) : '';
        const detail = cur.role === 'master' ? { role: 'master' as const, myself: cur.myself } : cur.myself ? { role: 'replica' as const, myself: true as const, master, why: { cause: 'slots_taken' as const, by: master } } : { role: 'replica' as const, myself: false as const };
        j.event(t, name, 'role_change', subject, '', detail);
      }
      if (!old.pfail && cur.pfail) j.event(t, name, 'pfail_set', subject, '', { no_reply_ms: Math.max(0, Math.round(atMs - cur.pingSentMs)) });
      if (old.pfail && !cur.pfail && !cur.fail) j.event(t, name, 'pfail_cleared', subject, '', {});
      const gained = SlotSet.of(cur.slots.ranges.filter(([a, b]) => !old.slots.ranges.some(([x, y]) => x <= a && b <= y)));
      if (gained.isEmpty) continue;
      j.event(t, name, 'slots_changed', subject, cur.configEpoch, { slots: gained.key });
      if (cur.myself && old.role === 'replica' && cur.role === 'master' && old.master) {
        j.event(t, name, 'master_replaced', this.nameOfId(old.master), cur.configEpoch, { by: name, slots: gained.key });
      }
    }
    if (state !== prev.state && (state === 'ok' || state === 'fail')) j.event(t, name, 'cluster_state', name, '', { state });
    if (linkUp && !prev.linkUp) j.event(t, name, 'replication_connected', name, '', { offset });
  }

  private recordView(name: string, t: Micros, lines: Map<string, NodesLine>, info: Map<string, string>): void {
    const me = [...lines.values()].find((l) => l.myself);
    if (!me) return;
    const state = info.get('cluster_state');
    this.journal.view({
      timeUs: t,
      node: name,
      role: me.role,
      master: me.master ? this.nameOfId(me.master) : '',
      currentEpoch: Number(info.get('cluster_current_epoch') ?? 0),
      configEpoch: me.configEpoch,
      state: state === 'ok' || state === 'fail' ? state : '',
      pfail: [...lines.values()].filter((l) => l.pfail).length,
      fail: [...lines.values()].filter((l) => l.fail).length,
      slots: me.slots.key,
    });
  }
}
