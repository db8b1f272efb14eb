import { ClusterNodeRecord } from './clusterNode';
import { BusMessage, NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { SlotSet } from './slotSet';
import { setCurrentEpoch } from './epochs';
import { setMaster } from './replication';

/**
 * Slot ownership and roles: clusterUpdateSlotsConfigWith, UPDATE messages, clusterSetNodeAsMaster,
 * and clusterHandleConfigEpochCollision. The greater configEpoch wins a slot; ties do not rebind.
 */

/** Mark `node` a master in my table (it was a replica). */
export function setNodeAsMaster(self: RedisNode, node: ClusterNodeRecord): void {
  if (node.isMaster) return;
  if (node.slaveof) {
    node.slaveof.removeSlave(node);
    if (node !== self.myself) node.flags |= NodeFlag.MIGRATE_TO;
  }
  node.slaveof = null;
  node.flags = (node.flags & ~NodeFlag.SLAVE) | NodeFlag.MASTER;
  self.todo.updateState = true;
  self.emit('role_change', node, '', { role: 'master', myself: node === self.myself });
}

/** Rebind to `sender` every claimed slot whose owner has a lower configEpoch; follow it if I lost all my slots. */
export function updateSlotsConfigWith(self: RedisNode, sender: ClusterNodeRecord, senderConfigEpoch: number, claimed: SlotSet): void {
  if (sender === self.myself) return;
  const me = self.myself;
  const curMaster = me.isMaster ? me : me.slaveof;
  const rebound: number[] = [];
  let fromMyShard = 0;
  claimed.forEach((slot) => {
    const owner = self.slotOwner(slot);
    if (owner === sender) return;
    // A slot being imported is the operator's to settle (SETSLOT NODE), not gossip's.
    if (self.importingSlotsFrom.has(slot)) return;
    if (owner === null || owner.configEpoch < senderConfigEpoch) {
      if (owner === curMaster) fromMyShard++;
      rebound.push(slot);
    }
  });
  if (rebound.length === 0) return;
  const slots = SlotSet.fromSortedSlots(rebound);
  self.assignSlots(slots, sender);
  self.todo.updateState = true;
  self.todo.fsyncConfig = true;
  self.emit('slots_changed', sender, senderConfigEpoch, { slots: slots.key });
  if (fromMyShard === 0 || !curMaster || !curMaster.slots.isEmpty) return;
  if (self.opts['cluster-allow-replica-migration'] || fromMyShard === sender.slots.count) {
    setMaster(self, sender, { cause: 'slots_taken', by: sender.name });
  }
}

/** Tell `sender` (with one UPDATE) about the first slot it claims that another node owns with a newer configEpoch. */
export function sendUpdateIfStale(self: RedisNode, sender: ClusterNodeRecord, msg: BusMessage): void {
  for (const [a, b] of msg.myslots.ranges) {
    for (let s = a; s <= b; s++) {
      const owner = self.slotOwner(s);
      if (owner === null || owner === sender) continue;
      if (owner.configEpoch > msg.configEpoch) {
        sendUpdate(self, sender, owner);
        return;
      }
    }
  }
}

function sendUpdate(self: RedisNode, to: ClusterNodeRecord, about: ClusterNodeRecord): void {
  if (!to.link) return;
  const msg = self.header('update');
  msg.update = { nodename: about.name, configEpoch: about.configEpoch, slots: about.slots };
  self.send(to.link, msg);
  self.emit('update_sent', to, about.configEpoch, { about: about.name });
}

/** Two masters with the same configEpoch: the one with the smaller node id takes a new epoch. */
export function handleConfigEpochCollision(self: RedisNode, sender: ClusterNodeRecord): void {
  const me = self.myself;
  if (sender.configEpoch !== me.configEpoch || !sender.isMaster || !me.isMaster) return;
  if (sender.name <= me.name) return;
  setCurrentEpoch(self, self.currentEpoch + 1, { cause: 'collision', with: sender.name });
  me.configEpoch = self.currentEpoch;
  self.fsyncConfigNow();
  self.emit('config_epoch', me, me.configEpoch, { cause: 'collision', with: sender.name });
}
