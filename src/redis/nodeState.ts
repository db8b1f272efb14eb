import { ClusterOptions } from './config';
import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { Counted, NodeTable } from './nodeTable';
import { Dataset } from './dataset';
import { ConnHandle, NodeEnv } from './env';
import { BusMessage, ClientCommand, MessageType, MESSAGE_TYPES, MESSAGE_TYPE_INDEX, MFLAG_PAUSED, NodeFlag } from './messages';
import { CLUSTER_SLOTS, SlotSet } from './slotSet';
import { ElectionState, ManualFailoverState, newElectionState, newManualFailoverState, noOrphanCounts, OrphanCounts, Todo } from './state';
import { ReplicationState, newReplicationState } from './replicationState';
import { WaitingClient } from './wait';
import { NodeEvent, NodeEventDetails, NodeEventName } from './trace';

/**
 * One Redis Cluster node's state (Redis's clusterState: cluster.h), its node table and links, and
 * the small helpers every rule uses (send, broadcast, assign slots, journal). The rules live in the
 * modules named after Redis's functions and depend on this one; it depends on none of them. The
 * event loop that drives them is eventLoop.ts.
 */
export class RedisNode {
  /** Name id (see nodeName) of each slot's owner in my table, -1 for none: 64 KB rather than 128. */
  private readonly slotOwners = new Int32Array(CLUSTER_SLOTS).fill(-1);
  currentEpoch = 0;
  lastVoteEpoch = 0;
  state: 'ok' | 'fail' = 'fail';
  size = 1;
  /** clusterCron's count of its calls; serverCron's cronloops is one less. */
  cronIteration = 0;
  statsPfailNodes = 0;
  /** clusterCron's last count of orphaned masters, and the table version it was counted at. */
  orphans: OrphanCounts = noOrphanCounts();
  /** Bookkeeping that lets clusterCron skip its reconnect pass when it has nothing to do. */
  sawNoaddr = false;
  firstUpdateStateCall = 0;
  amongMinorityTime = 0;
  readonly todo: Todo = { handleFailover: false, updateState: false, handleManualFailover: false, fsyncConfig: false, saveConfig: false };
  readonly election: ElectionState = newElectionState();
  readonly mf: ManualFailoverState = newManualFailoverState();
  readonly repl: ReplicationState = newReplicationState('');
  /** The keys this node holds: a restarted process starts empty (no RDB or AOF), a full resync replaces them. */
  data = new Dataset();
  /** Commands held while writes are paused: connection, command, ... in arrival order. */
  readonly pausedCommands: (ConnHandle | ClientCommand)[] = [];
  /** The stream offset after each client connection's last write (c->woff), for WAIT. */
  readonly clientWriteOffset = new Map<ConnHandle, number>();
  /** Client connections that sent READONLY: as a replica, this node answers their reads of its master's slots. */
  readonly readonlyClients = new Set<ConnHandle>();
  /** Client connections whose next command is flagged ASKING. */
  readonly askingClients = new Set<ConnHandle>();
  /** Open slots (CLUSTER SETSLOT): each slot this node gives away and the node it goes to (migrating_slots_to), and the reverse (importing_slots_from). */
  readonly migratingSlotsTo = new Map<number, ClusterNodeRecord>();
  readonly importingSlotsFrom = new Map<number, ClusterNodeRecord>();
  /** Clients blocked in WAIT, and whether replicas are to be asked for an ACK at the end of this iteration. */
  readonly waiting: WaitingClient[] = [];
  getAckFromReplicas = false;
  readonly sentByType = new Array<number>(MESSAGE_TYPES.length).fill(0);
  readonly receivedByType = new Array<number>(MESSAGE_TYPES.length).fill(0);

  constructor(
    readonly env: NodeEnv,
    readonly opts: ClusterOptions,
    /** The node table in a fixed order: Redis's dict, for random picks and iteration. */
    readonly table: NodeTable,
    public myself: ClusterNodeRecord,
  ) {}

  get nodeList(): readonly ClusterNodeRecord[] {
    return this.table.rows;
  }

  /** Nodes this node flags PFAIL / FAIL, and the counts clusterCron's reconnect pass relies on: read off the table's keys. */
  get pfailCount(): number {
    return this.table.counts[Counted.PFAIL];
  }

  get failCount(): number {
    return this.table.counts[Counted.FAIL];
  }

  /** Known nodes other than myself without an outbound link. */
  get linklessNodes(): number {
    return this.table.counts[Counted.LINKLESS];
  }

  get handshakeNodes(): number {
    return this.table.counts[Counted.HANDSHAKE];
  }

  get nodeTimeout(): number {
    return this.opts['cluster-node-timeout'];
  }

  now(): number {
    return this.env.now();
  }

  /** The owner of `slot` in my table. */
  slotOwner(slot: number): ClusterNodeRecord | null {
    const row = this.table.rowOf(this.slotOwners[slot]);
    return row < 0 ? null : this.table.rows[row];
  }

  lookup(name: string | null | undefined): ClusterNodeRecord | undefined {
    return name ? this.table.lookup(name) : undefined;
  }

  /** Count a new record (already in the table) in the bookkeeping clusterCron relies on. */
  addNode(node: ClusterNodeRecord): void {
    if (node.has(NodeFlag.NOADDR)) this.sawNoaddr = true;
  }

  /** Remove a node from the table, its links, slots and failure reports (clusterDelNode). */
  delNode(node: ClusterNodeRecord): void {
    this.assignSlots(node.slots, null);
    for (const other of this.nodeList) {
      if (other.failReports?.delete(node)) other.syncFailReports();
    }
    if (node.slaveof) node.slaveof.removeSlave(node);
    for (const s of node.slaves) s.slaveof = null;
    if (node.link) this.freeLink(node.link);
    if (node.inboundLink) this.freeLink(node.inboundLink);
    const index = node.index;
    node.detach();
    this.table.remove(index);
  }

  /** The cluster link on `conn`, if the node has one there. */
  linkOf(conn: ConnHandle): ClusterLink | null {
    return this.env.attached(conn) as ClusterLink | null;
  }

  /** Keep `link` with its connection. */
  addLink(link: ClusterLink): void {
    this.env.attach(link.conn, link);
  }

  freeLink(link: ClusterLink): void {
    this.env.attach(link.conn, null);
    this.env.close(link.conn);
    const node = link.node;
    if (node && node.link === link) node.link = null;
    if (node && node.inboundLink === link) node.inboundLink = null;
  }

  /** The master whose slots and configEpoch this node advertises: itself, or its master. */
  advertisedMaster(): ClusterNodeRecord {
    return this.myself.isReplica && this.myself.slaveof ? this.myself.slaveof : this.myself;
  }

  /** Build a header for `type` as clusterBuildMessageHdr does. */
  header(type: MessageType): BusMessage {
    const me = this.myself;
    const master = this.advertisedMaster();
    return {
      kind: 'bus',
      type,
      sender: me.name,
      currentEpoch: this.currentEpoch,
      configEpoch: master.configEpoch,
      offset: this.repl.offset,
      myslots: master.slots,
      slaveof: me.isReplica && me.slaveof ? me.slaveof.name : null,
      flags: me.flags,
      state: this.state,
      mflags: me.isMaster && this.mf.end !== 0 ? MFLAG_PAUSED : 0,
      ip: me.ip,
      port: me.port,
      cport: me.cport,
    };
  }

  /**
   * clusterSaveConfigOrDie(1) where Redis calls it inline: the process blocks on the fsync, and what
   * it has written in this iteration leaves after it.
   */
  fsyncConfigNow(): void {
    this.env.stall(this.opts['config-fsync-ms']);
  }

  send(link: ClusterLink | null, msg: BusMessage): void {
    if (!link) return;
    this.sentByType[MESSAGE_TYPE_INDEX[msg.type]]++;
    this.env.send(link.conn, msg);
  }

  /** Send to every known node with an outbound link, except myself and nodes in handshake. */
  broadcast(msg: BusMessage): void {
    for (const node of this.nodeList) {
      if (node.has(NodeFlag.MYSELF | NodeFlag.HANDSHAKE)) continue;
      this.send(node.link, msg);
    }
  }

  /** Rebind `slots` to `owner` (or unassign them), keeping every node's slot set in step. */
  assignSlots(slots: SlotSet, owner: ClusterNodeRecord | null): void {
    if (slots.isEmpty) return;
    const losers = new Set<ClusterNodeRecord>();
    slots.forEach((s) => {
      const old = this.slotOwner(s);
      if (old && old !== owner) losers.add(old);
      this.slotOwners[s] = owner ? owner.nameId : -1;
    });
    for (const old of losers) old.slots = old.slots.subtract(slots);
    if (owner) owner.slots = owner.slots.union(slots);
  }

  emit<E extends NodeEventName>(event: E, subject: ClusterNodeRecord | string, epoch: number | '', detail: NodeEventDetails[E]): void {
    this.env.emit({ event, subject: typeof subject === 'string' ? subject : subject.name, epoch, detail } as NodeEvent);
  }
}
