import { RedisNode } from './nodeState';
import { NodeEventDetails } from './trace';

/** currentEpoch changes go through here so each one is journaled. */
export function setCurrentEpoch(self: RedisNode, epoch: number, why: NodeEventDetails['current_epoch']): void {
  self.currentEpoch = epoch;
  self.emit('current_epoch', self.myself, epoch, why);
}

/**
 * clusterBumpConfigEpochWithoutConsensus: take a new configEpoch without an election, unless mine is
 * already the greatest and non-zero. Used by CLUSTER FAILOVER TAKEOVER.
 */
export function bumpConfigEpochWithoutConsensus(self: RedisNode): boolean {
  let max = self.currentEpoch;
  for (const n of self.nodeList) if (n.configEpoch > max) max = n.configEpoch;
  const me = self.myself;
  if (me.configEpoch !== 0 && me.configEpoch === max) return false;
  setCurrentEpoch(self, self.currentEpoch + 1, { cause: 'bump' });
  me.configEpoch = self.currentEpoch;
  self.todo.fsyncConfig = true;
  self.emit('config_epoch', me, me.configEpoch, { cause: 'bump' });
  return true;
}
