import { ClusterNodeRecord } from './clusterNode';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { setMaster } from './replication';

/**
 * The CLUSTER commands that build a cluster by hand, as Redis's own tests and many operators do:
 * MEET (clusterStartHandshake) and REPLICATE. Each returns Redis's error text, or null on success.
 */

/** CLUSTER MEET ip port: a node in handshake under a random name; cron connects and sends MEET. */
export function clusterMeetCommand(self: RedisNode, ip: string, port: number, cport: number): string | null {
  const address = `${ip}:${port}@${cport}`;
  if (self.nodeList.some((n) => n.has(NodeFlag.HANDSHAKE) && `${n.ip}:${n.port}@${n.cport}` === address)) return null;
  const node = new ClusterNodeRecord(self.table, self.env.random.hex(40), ip, port, cport, self.now());
  node.flags = NodeFlag.HANDSHAKE | NodeFlag.MEET;
  self.addNode(node);
  self.emit('handshake_started', node, '', { address: `${ip}:${port}` });
  return null;
}

/** CLUSTER REPLICATE node-id: an empty master becomes a replica of a known master. */
export function clusterReplicateCommand(self: RedisNode, masterName: string): string | null {
  const master: ClusterNodeRecord | undefined = self.lookup(masterName);
  const me = self.myself;
  if (!master) return `Unknown node ${masterName}`;
  if (master === me) return "Can't replicate myself";
  if (!master.isMaster) return 'I can only replicate a master, not a replica.';
  if (me.isMaster && !me.slots.isEmpty) return 'To set a master the node must be empty and without assigned slots.';
  if (me.slaveof !== master) setMaster(self, master, { cause: 'command' });
  self.todo.updateState = true;
  self.todo.saveConfig = true;
  return null;
}
