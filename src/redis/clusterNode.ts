import { NodeFlag } from './messages';
import { SlotSet } from './slotSet';
import { ConnHandle } from './env';
import { internName } from './nodeName';
import { Cell, KeyBit, NodeTable, ROW } from './nodeTable';

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
 * The fields clusterCron and gossip read for every entry live in the table's row key and cells (see
 * NodeTable); the accessors below read and write them there. Creating a record adds it to its table.
 */
export class ClusterNodeRecord {
  /** Row in `table`; kept up to date by the table when rows move. */
  index: number;
  configEpoch = 0;
  slaveof: ClusterNodeRecord | null = null;
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
  /** An established outbound link to this node was lost at least once. */
  linkWasLost = false;
  private busAddressText: string | undefined;
  readonly ip: string;
  readonly port: number;
  readonly cport: number;
  readonly ctime: number;

  constructor(
    private table: NodeTable,
    name: string,
    ip: string,
    port: number,
    cport: number,
    ctime: number,
  ) {
    this.ip = ip;
    this.port = port;
    this.cport = cport;
    this.ctime = ctime;
    this.index = table.append(this, name, internName(`${ip}:${port}@${cport}`));
  }

  get name(): string {
    return this.table.nameAt(this.index);
  }

  /** The name's id (see nodeName), fixed while the name is. */
  get nameId(): number {
    return this.table.idAt(this.index);
  }

  get flags(): number {
    return this.table.flagsAt(this.index);
  }

  set flags(flags: number) {
    // Many writes change nothing (every PING and PONG copies the sender's NOFAILOVER bit).
    if (flags === this.flags) return;
    this.table.setKeyBits(this.index, KeyBit.FLAGS, flags);
    this.table.version++;
  }

  get link(): ClusterLink | null {
    return this.table.links[this.index];
  }

  set link(link: ClusterLink | null) {
    this.table.links[this.index] = link;
    this.table.setKeyBits(this.index, KeyBit.UNLINKED, link === null ? KeyBit.UNLINKED : 0);
  }

  /** Slots my table assigns to this node. */
  get slots(): SlotSet {
    return this.table.slots[this.index];
  }

  set slots(slots: SlotSet) {
    this.table.slots[this.index] = slots;
    this.table.version++;
  }

  get pingSent(): number {
    return this.cell(Cell.PING_SENT);
  }

  set pingSent(ms: number) {
    this.setCell(Cell.PING_SENT, ms);
    this.table.setKeyBits(this.index, KeyBit.PING_PENDING, ms === 0 ? 0 : KeyBit.PING_PENDING);
  }

  get pongReceived(): number {
    return this.table.pongAt(this.index);
  }

  set pongReceived(ms: number) {
    this.table.setPong(this.index, ms);
  }

  get dataReceived(): number {
    return this.cell(Cell.DATA_RECEIVED);
  }

  set dataReceived(ms: number) {
    this.setCell(Cell.DATA_RECEIVED, ms);
  }

  private get nonFailingSlaves(): number {
    return this.cell(Cell.OK_SLAVES);
  }

  private set nonFailingSlaves(n: number) {
    this.setCell(Cell.OK_SLAVES, n);
    this.table.version++;
  }

  private cell(c: number): number {
    return this.table.cells[this.index * ROW + c];
  }

  private setCell(c: number, value: number): void {
    this.table.cells[this.index * ROW + c] = value;
  }

  /** Keep the key's REPORTED bit in step with the failure-report map. */
  syncFailReports(): void {
    const reported = this.failReports !== null && this.failReports.size > 0;
    this.table.setKeyBits(this.index, KeyBit.REPORTED, reported ? KeyBit.REPORTED : 0);
  }

  /** The record left its table: it keeps its last values in a table of its own. */
  detach(): void {
    const own = new NodeTable();
    own.append(this, this.name, this.address);
    this.table.copyRow(this.index, own);
    this.table = own;
    this.index = 0;
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
    return this.table.addressAt(this.index);
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
