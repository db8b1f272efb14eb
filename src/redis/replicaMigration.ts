import { ClusterNodeRecord } from './clusterNode';
import { SLAVE_MIGRATION_DELAY_MS } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { setMaster } from './replication';

/**
 * clusterHandleSlaveMigration: a replica of a master with the most replicas moves to an orphaned
 * master (slots, no working replica) once it has been orphaned for 5 s, if the migration barrier
 * allows and it has the smallest node id among the candidates. Nodes are scanned in table order;
 * the first orphaned master found is the target.
 */
export function handleSlaveMigration(self: RedisNode, maxSlaves: number): void {
  const me = self.myself;
  const myMaster = me.slaveof;
  if (self.state !== 'ok' || !myMaster) return;
  let okSlaves = 0;
  for (const s of myMaster.slaves) if (!s.isFailing) okSlaves++;
  if (okSlaves <= self.opts['cluster-migration-barrier']) return;

  const now = self.now();
  let target: ClusterNodeRecord | null = null;
  let candidate: ClusterNodeRecord = me;
  for (const node of self.nodeList) {
    const ok = node.isMaster ? node.countNonFailingSlaves() : 0;
    const orphaned = node.isMaster && !node.has(NodeFlag.FAIL) && node.has(NodeFlag.MIGRATE_TO) && ok === 0;
    if (orphaned) {
      if (!target && !node.slots.isEmpty) target = node;
      if (!node.orphanedTime) node.orphanedTime = now;
    } else {
      node.orphanedTime = 0;
    }
    if (ok === maxSlaves) {
      for (const s of node.slaves) if (s.name < candidate.name) candidate = s;
    }
  }
  if (target && candidate === me && now - target.orphanedTime > SLAVE_MIGRATION_DELAY_MS) {
    setMaster(self, target, { cause: 'migration' });
  }
}
