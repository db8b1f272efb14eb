import { ClusterNodeRecord } from './clusterNode';
import { ClientCommand } from './messages';
import { Value, WriteOp } from './dataset';
import { bumpConfigEpochWithoutConsensus } from './epochs';
import { broadcastPong } from './gossip';
import { RedisNode } from './nodeState';
import { propagateWrite, setMaster } from './replication';
import { SlotSet } from './slotSet';

/**
 * Moving a slot by hand, as redis-cli --cluster reshard drives it: CLUSTER SETSLOT (IMPORTING on the
 * target, MIGRATING on the source, NODE on every master), CLUSTER GETKEYSINSLOT, MIGRATE's two ends
 * (the source deletes what the target restored), and what an open slot does to a query
 * (getNodeByQuery): the source sends ASK for a key it no longer has, the target serves a command
 * flagged ASKING, and a command of two keys meets TRYAGAIN while they are apart. The open-slot
 * state is saved in nodes.conf (persistence.ts).
 */

export type SetSlotAction = 'importing' | 'migrating' | 'stable' | 'node';

/** Bytes a key's DEL or RESTORE adds to a stream, beyond the key. */
const MIGRATE_OP_BYTES = 30;

/** CLUSTER SETSLOT <slot> <action> [node-id]: null, or Redis's error text. */
export function clusterSetSlotCommand(self: RedisNode, slot: number, action: SetSlotAction, nodeName = ''): string | null {
  const me = self.myself;
  if (me.isReplica) return 'Please use SETSLOT only with masters.';
  const owner = self.slotOwner(slot);
  if (action === 'stable') {
    self.importingSlotsFrom.delete(slot);
    self.migratingSlotsTo.delete(slot);
    return settled(self, slot, action, '');
  }
  const n = self.lookup(nodeName);
  if (action === 'migrating' && owner !== me) return `I'm not the owner of hash slot ${slot}`;
  if (action === 'importing' && owner === me) return `I'm already the owner of hash slot ${slot}`;
  if (!n) return action === 'node' ? `Unknown node ${nodeName}` : `I don't know about node ${nodeName}`;
  if (n.isReplica) return 'Target node is not a master';
  if (action === 'migrating') self.migratingSlotsTo.set(slot, n);
  else if (action === 'importing') self.importingSlotsFrom.set(slot, n);
  else {
    const error = assignSlot(self, slot, n);
    if (error) return error;
  }
  return settled(self, slot, action, n.name);
}

/** SETSLOT NODE: bind the slot to `n`; an emptied master follows it; closing an import takes a new configEpoch and tells everyone. */
function assignSlot(self: RedisNode, slot: number, n: ClusterNodeRecord): string | null {
  const me = self.myself;
  const keys = self.data.countKeysInSlot(slot);
  const wasMine = self.slotOwner(slot) === me;
  if (wasMine && n !== me && keys > 0) return `Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`;
  if (keys === 0) self.migratingSlotsTo.delete(slot);
  self.assignSlots(SlotSet.fromSortedSlots([slot]), n);
  self.emit('slots_changed', n, n.configEpoch, { slots: String(slot) });
  if (wasMine && n !== me && me.slots.isEmpty && self.opts['cluster-allow-replica-migration']) {
    setMaster(self, n, { cause: 'slots_taken', by: n.name });
    self.todo.fsyncConfig = true;
  }
  if (n === me && self.importingSlotsFrom.delete(slot)) {
    bumpConfigEpochWithoutConsensus(self);
    broadcastPong(self, 'all');
  }
  return null;
}

function settled(self: RedisNode, slot: number, action: SetSlotAction, node: string): null {
  self.todo.updateState = true;
  self.todo.saveConfig = true;
  self.emit('setslot', self.myself, '', { slot, action, node });
  return null;
}

/** CLUSTER GETKEYSINSLOT <slot> <count>. */
export function clusterGetKeysInSlot(self: RedisNode, slot: number, count: number): string[] {
  return self.data.keysInSlot(slot, count);
}

/**
 * MIGRATE ... KEYS at the source: each key's value goes to the target (`restore`, RESTORE-ASKING
 * there), then is deleted here (a DEL in this node's stream). Keys it no longer has are skipped, as
 * MIGRATE skips them. Returns the keys moved.
 */
export function migrateKeys(self: RedisNode, keys: string[], restore: (entries: [string, Value][]) => void): string[] {
  const entries: [string, Value][] = [];
  for (const key of keys) {
    const value = self.data.get(key);
    if (value !== undefined) entries.push([key, value]);
  }
  restore(entries);
  for (const [key] of entries) write(self, { command: 'del', key, value: 0, bytes: MIGRATE_OP_BYTES + key.length });
  return entries.map(([key]) => key);
}

/** The target's end: RESTORE-ASKING of each key (REPLACE), into this node's stream too. */
export function restoreAsking(self: RedisNode, entries: [string, Value][]): void {
  for (const [key, restored] of entries) {
    const bytes = MIGRATE_OP_BYTES + key.length + (Array.isArray(restored) ? 4 * restored.length : 4);
    write(self, { command: 'restore', key, value: 0, bytes, restored });
  }
}

function write(self: RedisNode, op: WriteOp): void {
  self.data.apply(op);
  propagateWrite(self, op);
}

const TRYAGAIN = 'TRYAGAIN Multiple keys request during rehashing of slot';

/**
 * getNodeByQuery's open-slot cases: the source sends `ASK` when it has none of the command's keys
 * and TRYAGAIN when it has only some; the target, for a command flagged ASKING, `serve`s it unless
 * it has two keys and lacks one (TRYAGAIN: so an MSET of new keys waits until the slot is closed).
 * Null when the slot is not open here.
 */
export function openSlotAnswer(self: RedisNode, mine: boolean, cmd: ClientCommand, asking: boolean): string | 'serve' | null {
  const slot = cmd.slot;
  const to = mine ? self.migratingSlotsTo.get(slot) : undefined;
  if (!to && !(asking && self.importingSlotsFrom.has(slot))) return null;
  const missing = (self.data.get(cmd.key) === undefined ? 1 : 0) + (cmd.key2 && self.data.get(cmd.key2) === undefined ? 1 : 0);
  if (to) return missing === 0 ? null : missing === 1 && cmd.key2 ? TRYAGAIN : `ASK ${slot} ${to.clientAddress}`;
  return cmd.key2 && missing > 0 ? TRYAGAIN : 'serve';
}
