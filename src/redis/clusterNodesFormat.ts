import { ClusterNodeRecord } from './clusterNode';
import { MESSAGE_TYPES, NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { CLUSTER_SLOTS } from './slotSet';

/** CLUSTER NODES and CLUSTER INFO, formatted as Redis 7.0 prints them (clusterGenNodeDescription, clusterCommand INFO). */

const FLAG_NAMES: [number, string][] = [
  [NodeFlag.MYSELF, 'myself'],
  [NodeFlag.MASTER, 'master'],
  [NodeFlag.SLAVE, 'slave'],
  [NodeFlag.PFAIL, 'fail?'],
  [NodeFlag.FAIL, 'fail'],
  [NodeFlag.HANDSHAKE, 'handshake'],
  [NodeFlag.NOADDR, 'noaddr'],
  [NodeFlag.NOFAILOVER, 'nofailover'],
];

export function flagsText(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);
  return names.length ? names.join(',') : 'noflags';
}

/** One CLUSTER NODES line (without the newline). */
export function nodeLine(self: RedisNode, node: ClusterNodeRecord): string {
  const mine = node === self.myself;
  const master = node.isReplica && node.slaveof ? node.slaveof : null;
  const epoch = master ? master.configEpoch : node.configEpoch;
  const link = node.link || mine ? 'connected' : 'disconnected';
  const times = mine ? '0 0' : `${node.pingSent} ${node.pongReceived}`;
  const parts = [node.name, `${node.ip}:${node.port}@${node.cport}`, flagsText(node.flags), master ? master.name : '-', times, String(epoch), link];
  if (!node.slots.isEmpty) parts.push(node.slots.key);
  if (mine) parts.push(...openSlotWords(self));
  return parts.join(' ');
}

/** Myself's open slots, by slot: `[s->-id]` while migrating to id, else `[s-<-id]` while importing from it. */
function openSlotWords(self: RedisNode): string[] {
  const slots = [...new Set([...self.migratingSlotsTo.keys(), ...self.importingSlotsFrom.keys()])].sort((a, b) => a - b);
  return slots.map((s) => {
    const to = self.migratingSlotsTo.get(s);
    return to ? `[${s}->-${to.name}]` : `[${s}-<-${(self.importingSlotsFrom.get(s) as ClusterNodeRecord).name}]`;
  });
}

/** CLUSTER NODES output: every known node, in table order. */
export function clusterNodes(self: RedisNode): string {
  return self.nodeList.map((n) => nodeLine(self, n) + '\n').join('');
}

/** CLUSTER INFO output, lines separated by CRLF. */
export function clusterInfo(self: RedisNode): string {
  let assigned = 0;
  let ok = 0;
  let pfail = 0;
  let fail = 0;
  for (const node of self.nodeList) {
    const n = node.slots.count;
    if (n === 0) continue;
    assigned += n;
    if (node.has(NodeFlag.FAIL)) fail += n;
    else if (node.has(NodeFlag.PFAIL)) pfail += n;
    else ok += n;
  }
  const me = self.myself;
  const myEpoch = me.isReplica && me.slaveof ? me.slaveof.configEpoch : me.configEpoch;
  const lines = [
    `cluster_state:${self.state}`,
    `cluster_slots_assigned:${Math.min(assigned, CLUSTER_SLOTS)}`,
    `cluster_slots_ok:${ok}`,
    `cluster_slots_pfail:${pfail}`,
    `cluster_slots_fail:${fail}`,
    `cluster_known_nodes:${self.nodeList.length}`,
    `cluster_size:${self.size}`,
    `cluster_current_epoch:${self.currentEpoch}`,
    `cluster_my_epoch:${myEpoch}`,
    ...counterLines(self.sentByType, 'sent'),
    ...counterLines(self.receivedByType, 'received'),
    'total_cluster_links_buffer_limit_exceeded:0',
  ];
  return lines.join('\r\n') + '\r\n';
}

function counterLines(counts: number[], dir: 'sent' | 'received'): string[] {
  const lines: string[] = [];
  let total = 0;
  counts.forEach((n, i) => {
    if (n === 0) return;
    lines.push(`cluster_stats_messages_${MESSAGE_TYPES[i]}_${dir}:${n}`);
    total += n;
  });
  lines.push(`cluster_stats_messages_${dir}:${total}`);
  return lines;
}
