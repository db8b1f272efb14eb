import { ClusterNodeRecord } from '../redis/clusterNode';
import { RedisNode } from '../redis/node';
import { SlotSet } from '../redis/slotSet';

/** The values a node's view row is made of, to tell cheaply whether it may have changed. */
export class ViewSources {
  private node: RedisNode | null = null;
  private flags = -1;
  private master: ClusterNodeRecord | null = null;
  private currentEpoch = -1;
  private configEpoch = -1;
  private state = '';
  private pfail = -1;
  private fail = -1;
  private slots: SlotSet | null = null;

  /** Remember the current values; false if they are all as last time. */
  changed(node: RedisNode, master: ClusterNodeRecord | null): boolean {
    const me = node.myself;
    const configEpoch = master ? master.configEpoch : me.configEpoch;
    if (
      node === this.node && me.flags === this.flags && master === this.master && node.currentEpoch === this.currentEpoch &&
      configEpoch === this.configEpoch && node.state === this.state && node.pfailCount === this.pfail &&
      node.failCount === this.fail && me.slots === this.slots
    ) {
      return false;
    }
    this.node = node;
    this.flags = me.flags;
    this.master = master;
    this.currentEpoch = node.currentEpoch;
    this.configEpoch = configEpoch;
    this.state = node.state;
    this.pfail = node.pfailCount;
    this.fail = node.failCount;
    this.slots = me.slots;
    return true;
  }
}
