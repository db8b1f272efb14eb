import { Micros } from '../engine/time';
import { Journal } from '../journal/journal';
import { ClusterNodeRecord } from '../redis/clusterNode';
import { RedisNode } from '../redis/nodeState';
import { SlotSet } from '../redis/slotSet';

/** The values a node's view row is made of, to tell cheaply whether it may have changed. */
class ViewSources {
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

/** Writes each node's own view (role, epochs, state, flags, slots) to the journal when it changes. */
export class ViewRecorder {
  private readonly sources: ViewSources[];
  /** Each host's epochs as last recorded: a dead process keeps them in its nodes.conf. */
  private readonly epochs: { current: number; config: number }[];

  constructor(
    private readonly journal: Journal,
    private readonly names: string[],
  ) {
    this.sources = names.map(() => new ViewSources());
    this.epochs = names.map(() => ({ current: 0, config: 0 }));
  }

  /** The process on `host` is down (its view row says so). */
  down(host: number, timeUs: Micros): void {
    this.sources[host] = new ViewSources();
    const { current, config } = this.epochs[host];
    this.journal.view({ timeUs, node: this.names[host], role: 'down', master: '', currentEpoch: current, configEpoch: config, state: '', pfail: 0, fail: 0, slots: '' });
  }

  /** Record `node`'s view if anything it is made of changed. */
  record(host: number, node: RedisNode, timeUs: Micros): void {
    const me = node.myself;
    const master = me.isReplica && me.slaveof ? me.slaveof : null;
    if (!this.sources[host].changed(node, master)) return;
    this.epochs[host] = { current: node.currentEpoch, config: master ? master.configEpoch : me.configEpoch };
    this.journal.view({
      timeUs,
      node: this.names[host],
      role: me.isMaster ? 'master' : 'replica',
      master: master ? this.journal.displayName(master.name) : '',
      currentEpoch: node.currentEpoch,
      configEpoch: master ? master.configEpoch : me.configEpoch,
      state: node.state,
      pfail: node.pfailCount,
      fail: node.failCount,
      slots: me.slots.key,
    });
  }
}
