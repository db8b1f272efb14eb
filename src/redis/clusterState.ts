import { CLUSTER_SLOTS } from './slotSet';
import { MAX_REJOIN_DELAY_MS, MIN_REJOIN_DELAY_MS, WRITABLE_DELAY_MS } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';

/**
 * clusterUpdateState: cluster_state is fail when a slot is unserved (with full coverage required) or
 * when fewer than a majority of slot-serving masters are reachable. A master waits the writable delay
 * after start and the rejoin delay after being in the minority before it returns to ok.
 */
export function updateState(self: RedisNode): void {
  const now = self.now();
  if (self.firstUpdateStateCall === 0) self.firstUpdateStateCall = now;
  const me = self.myself;
  if (me.isMaster && self.state === 'fail' && now - self.firstUpdateStateCall < WRITABLE_DELAY_MS) return;

  let newState: 'ok' | 'fail' = 'ok';
  let served = 0;
  let size = 0;
  let reachable = 0;
  for (const node of self.nodeList) {
    if (!node.isMaster || node.slots.isEmpty) continue;
    size++;
    if (!node.has(NodeFlag.FAIL)) served += node.slots.count;
    if (!node.isFailing) reachable++;
  }
  if (self.opts['cluster-require-full-coverage'] && served < CLUSTER_SLOTS) newState = 'fail';
  self.size = size;
  if (reachable < Math.floor(size / 2) + 1) {
    newState = 'fail';
    self.amongMinorityTime = now;
  }
  if (newState === self.state) return;
  const rejoinDelay = Math.min(Math.max(self.nodeTimeout, MIN_REJOIN_DELAY_MS), MAX_REJOIN_DELAY_MS);
  if (newState === 'ok' && me.isMaster && now - self.amongMinorityTime < rejoinDelay) return;
  self.state = newState;
  self.emit('cluster_state', me, self.currentEpoch, { state: newState });
}
