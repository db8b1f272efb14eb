import { WriteCommand, WriteOp } from './dataset';
import { ConnHandle } from './env';
import { ClientCommand, ClientReply, NodeFlag, SlotRange } from './messages';
import { RedisNode } from './nodeState';
import { propagateWrite } from './replication';
import { openSlotAnswer } from './slotMigration';
import { blockedIn, blockForWait } from './wait';

/**
 * Commands from clients, as processCommand checks them in cluster mode (none from a client blocked
 * in WAIT, whose input is not read until it is answered): the slot's owner in this
 * node's table (getNodeByQuery: CLUSTERDOWN, ASK and ASKING while the slot moves, MOVED; a replica
 * answers a read of its master's slots on a connection that sent READONLY, from its own data however
 * far behind), then min-replicas-to-write (NOREPLICAS), then
 * the pause of writes during a manual failover (the command waits, and is checked again from the
 * start when the pause ends, so it is then redirected if the slot has moved meanwhile). MSET and
 * MGET carry two keys of one slot; MGET answers with its first key's value, as the client judges it.
 */

const REPLY_BYTES = 5;
const WRITES: Partial<Record<ClientCommand['name'], WriteCommand>> = { SET: 'set', INCR: 'incr', RPUSH: 'rpush', MSET: 'mset' };

export function handleClientCommand(self: RedisNode, conn: ConnHandle, cmd: ClientCommand): void {
  const blocked = blockedIn(self, conn);
  if (blocked) {
    blocked.later.push(cmd);
    return;
  }
  if (cmd.name === 'CLUSTER SLOTS') return reply(self, conn, cmd, null, null, clusterSlots(self));
  if (cmd.name === 'WAIT') return blockForWait(self, conn, cmd);
  if (cmd.name === 'READONLY' || cmd.name === 'READWRITE') {
    if (cmd.name === 'READONLY') self.readonlyClients.add(conn);
    else self.readonlyClients.delete(conn);
    return reply(self, conn, cmd, null);
  }
  if (cmd.name === 'ASKING') {
    self.askingClients.add(conn);
    return reply(self, conn, cmd, null);
  }
  // ASKING flags the next command only (resetClient clears it), unless that command has to wait.
  const asking = self.askingClients.delete(conn);
  const write = WRITES[cmd.name];
  const refused = redirection(self, conn, cmd, write !== undefined, asking);
  if (refused) return reply(self, conn, cmd, refused);
  if (write && self.opts['min-replicas-to-write'] > 0 && self.opts['min-replicas-max-lag'] > 0 && self.repl.goodReplicas < self.opts['min-replicas-to-write']) {
    return reply(self, conn, cmd, 'NOREPLICAS Not enough good replicas to write.');
  }
  // A paused client waits whole: what it sends after a paused write waits behind it.
  if ((write && self.now() < self.repl.writesPausedUntil) || self.pausedCommands.includes(conn)) {
    if (asking) self.askingClients.add(conn);
    self.pausedCommands.push(conn, cmd);
    return;
  }
  if (!write) {
    const v = self.data.get(cmd.key);
    return reply(self, conn, cmd, null, v === undefined ? null : Array.isArray(v) ? v.length : v);
  }
  const op: WriteOp = { command: write, key: cmd.key, value: cmd.value, bytes: cmd.bytes };
  if (cmd.key2) op.key2 = cmd.key2;
  const result = self.data.apply(op);
  propagateWrite(self, op);
  self.clientWriteOffset.set(conn, self.repl.offset);
  reply(self, conn, cmd, null, result);
}

/** getNodeByQuery for a command's keys (all in one slot): an error reply, or null when this node serves it. */
function redirection(self: RedisNode, conn: ConnHandle, cmd: ClientCommand, write: boolean, asking: boolean): string | null {
  const slot = cmd.slot;
  const owner = self.slotOwner(slot);
  if (!owner) return 'CLUSTERDOWN Hash slot not served';
  if (self.state !== 'ok') {
    if (!self.opts['cluster-allow-reads-when-down']) return 'CLUSTERDOWN The cluster is down';
    if (write) return 'CLUSTERDOWN The cluster is down and only accepts read commands';
  }
  const open = openSlotAnswer(self, owner === self.myself, cmd, asking);
  if (open !== null) return open === 'serve' ? null : open;
  if (owner === self.myself) return null;
  if (!write && self.myself.isReplica && self.myself.slaveof === owner && self.readonlyClients.has(conn)) return null;
  return `MOVED ${slot} ${owner.clientAddress}`;
}

export function reply(self: RedisNode, conn: ConnHandle, cmd: ClientCommand, error: string | null, value: number | null = null, slots: SlotRange[] | null = null): void {
  const bytes = error ? error.length + 3 : slots ? 40 * slots.length + REPLY_BYTES : REPLY_BYTES;
  const msg: ClientReply = { kind: 'reply', id: cmd.id, error, value, slots, bytes };
  self.env.send(conn, msg);
}

/** Commands that waited for a pause of writes to end run again, from the start, in arrival order. */
export function runPausedCommands(self: RedisNode): void {
  if (self.pausedCommands.length === 0 || self.now() < self.repl.writesPausedUntil) return;
  const waiting = self.pausedCommands.splice(0);
  for (let i = 0; i < waiting.length; i += 2) handleClientCommand(self, waiting[i], waiting[i + 1] as ClientCommand);
}

/** CLUSTER SLOTS: every master with slots in my table, by range, with its and its replicas' client addresses (failed replicas left out). */
function clusterSlots(self: RedisNode): SlotRange[] {
  const ranges: SlotRange[] = [];
  for (const node of self.nodeList) {
    if (!node.isMaster || node.slots.isEmpty) continue;
    const replicas = node.slaves.filter((r) => !r.has(NodeFlag.FAIL)).map((r) => r.clientAddress);
    for (const [start, end] of node.slots.ranges) ranges.push({ start, end, master: node.clientAddress, replicas });
  }
  return ranges.sort((a, b) => a.start - b.start);
}
