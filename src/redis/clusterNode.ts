import { NodeFlag } from './messages';
import { SlotSet } from './slotSet';
import { ConnHandle } from './env';
import { internName } from './nodeName';

const NO_SLAVES: readonly ClusterNodeRecord[] = Object.freeze([]);

/** A cluster bus connection as a node sees it (clusterLink). */
export interface ClusterLink {
  conn: ConnHandle;
  /** The peer, once known; inbound links learn it from the first packet. */
  node: ClusterNodeRecord | null;
  inbound: boolean;
  /** When the link was created (ms, node clock). */
  ctime: number;
  connected: boolean;
}

/**
 * One entry of a node's table: what this node knows about a peer (or itself) — Redis's clusterNode.
 * The fields clusterCron reads for every node on every tick come first, so they share the object's
 * first cache line: a 1000-node cluster walks a million of these ten times a second.
 */
export class ClusterNodeRecord {
  flags = 0;
  link: ClusterLink | null = null;
  pingSent = 0;
  pongReceived = 0;
  dataReceived = 0;
  configEpoch = 0;
  /** Slots my table assigns to this node. */
  slots: SlotSet = SlotSet.EMPTY;
  slaveof: ClusterNodeRecord | null = null;
  private nonFailingSlaves = 0;
  /** Shared and empty until the first replica is added: most records are replicas or have none. */
  slaves: readonly ClusterNodeRecord[] = NO_SLAVES;
  failTime = 0;
  votedTime = 0;
  replOffset = 0;
  replOffsetTime = 0;
  orphanedTime = 0;
  inboundLink: ClusterLink | null = null;
  /** Failure reports: reporting master -> time of its last report. */
  /** Created on the first report: most nodes never get one, and tables are large. */
  failReports: Map<ClusterNodeRecord, number> | null = null;
  /** Gossip-building mark: the packet serial this node was last added to. */
  lastInPingGossip = 0;
  /** An established outbound link to this node was lost at least once. */
  linkWasLost = false;
  private addressText: string | undefined;
  private busAddressText: string | undefined;
  name: string;
  ip: string;
  port: number;
  cport: number;
  ctime: number;

  constructor(name: string, ip: string, port: number, cport: number, ctime: number) {
    this.name = name;
    this.ip = ip;
    this.port = port;
    this.cport = cport;
    this.ctime = ctime;
  }

  has(flag: number): boolean {
    return (this.flags & flag) !== 0;
  }

  get isMaster(): boolean {
    return this.has(NodeFlag.MASTER);
  }

  get isReplica(): boolean {
    return this.has(NodeFlag.SLAVE);
  }

  get isMyself(): boolean {
    return this.has(NodeFlag.MYSELF);
  }

  /** PFAIL or FAIL. */
  get isFailing(): boolean {
    return (this.flags & (NodeFlag.PFAIL | NodeFlag.FAIL)) !== 0;
  }

  /** "ip:port@cport", as gossip carries it. */
  get address(): string {
    return (this.addressText ??= internName(`${this.ip}:${this.port}@${this.cport}`));
  }

  get busAddress(): string {
    return (this.busAddressText ??= internName(`${this.ip}:${this.cport}`));
  }

  get clientAddress(): string {
    return `${this.ip}:${this.port}`;
  }

  addSlave(slave: ClusterNodeRecord): void {
    if (!this.slaves.includes(slave)) {
      this.slaves = [...this.slaves, slave];
      if (!slave.has(NodeFlag.FAIL)) this.nonFailingSlaves++;
    }
    this.flags |= NodeFlag.MIGRATE_TO;
  }

  removeSlave(slave: ClusterNodeRecord): void {
    if (this.slaves.includes(slave) && !slave.has(NodeFlag.FAIL)) this.nonFailingSlaves--;
    this.slaves = this.slaves.filter((s) => s !== slave);
    if (this.slaves.length === 0) this.flags &= ~NodeFlag.MIGRATE_TO;
  }

  /** Set or clear FAIL, keeping the master's count of working replicas in step. */
  setFailFlag(fail: boolean): void {
    if (this.has(NodeFlag.FAIL) === fail) return;
    this.flags = fail ? this.flags | NodeFlag.FAIL : this.flags & ~NodeFlag.FAIL;
    if (this.slaveof) this.slaveof.nonFailingSlaves += fail ? -1 : 1;
  }

  /**
   * Replicas of this master that are not FAIL (PFAIL counts as ok), as clusterCountNonFailingSlaves.
   * Kept as a count because replicas' crons ask it of every master ten times a second.
   */
  countNonFailingSlaves(): number {
    return this.nonFailingSlaves;
  }
}
