import { ClusterNodeRecord } from './clusterNode';
import { FAIL_REPORT_VALIDITY_MULT, FAIL_UNDO_TIME_MULT } from './constants';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { NO_DETAIL, NodeEventDetails } from './trace';

/**
 * PFAIL, failure reports and FAIL (markNodeAsFailingIfNeeded, clearNodeFailureIfNeeded,
 * clusterNodeAddFailureReport and friends). PFAIL is a local opinion; FAIL needs reports from a
 * majority of the masters that serve slots.
 */

/** Add or refresh `reporter`'s report on `node`. True if it is a new report. */
export function addFailureReport(self: RedisNode, node: ClusterNodeRecord, reporter: ClusterNodeRecord): boolean {
  const reports = (node.failReports ??= new Map());
  const isNew = !reports.has(reporter);
  if (!isNew) reports.delete(reporter);
  reports.set(reporter, self.now());
  node.syncFailReports();
  return isNew;
}

export function delFailureReport(self: RedisNode, node: ClusterNodeRecord, reporter: ClusterNodeRecord): boolean {
  if (!node.failReports || node.failReports.size === 0) return false;
  cleanupFailureReports(self, node);
  const deleted = node.failReports.delete(reporter);
  node.syncFailReports();
  return deleted;
}

/** Valid reports on `node`, dropping those older than NT * 2. */
export function countFailureReports(self: RedisNode, node: ClusterNodeRecord): number {
  if (!node.failReports || node.failReports.size === 0) return 0;
  cleanupFailureReports(self, node);
  return node.failReports.size;
}

function cleanupFailureReports(self: RedisNode, node: ClusterNodeRecord): void {
  const maxAge = self.nodeTimeout * FAIL_REPORT_VALIDITY_MULT;
  const now = self.now();
  const reports = node.failReports as Map<ClusterNodeRecord, number>;
  for (const [reporter, time] of reports) {
    if (now - time > maxAge) reports.delete(reporter);
  }
  node.syncFailReports();
}

export function setPfail(self: RedisNode, node: ClusterNodeRecord, delayMs: number): void {
  node.flags |= NodeFlag.PFAIL;
  self.emit('pfail_set', node, '', { no_reply_ms: delayMs });
}

export function clearPfail(self: RedisNode, node: ClusterNodeRecord): void {
  node.flags &= ~NodeFlag.PFAIL;
  self.emit('pfail_cleared', node, '', NO_DETAIL);
}

/** Set FAIL on `node` (from my own quorum or from a FAIL message). */
export function setFail(self: RedisNode, node: ClusterNodeRecord, detail: NodeEventDetails['fail_set']): void {
  node.flags &= ~NodeFlag.PFAIL;
  node.setFailFlag(true);
  node.failTime = self.now();
  self.todo.updateState = true;
  self.emit('fail_set', node, '', detail);
}

function clearFail(self: RedisNode, node: ClusterNodeRecord, nobodyTookSlots: boolean): void {
  node.setFailFlag(false);
  self.todo.updateState = true;
  self.emit('fail_cleared', node, '', { nobody_took_slots: nobodyTookSlots });
}

/** Escalate PFAIL to FAIL when a quorum of slot-serving masters agree, and broadcast it. */
export function markNodeAsFailingIfNeeded(self: RedisNode, node: ClusterNodeRecord): void {
  const neededQuorum = Math.floor(self.size / 2) + 1;
  if (!node.has(NodeFlag.PFAIL) || node.has(NodeFlag.FAIL)) return;
  let failures = countFailureReports(self, node);
  if (self.myself.isMaster) failures++;
  if (failures < neededQuorum) return;
  setFail(self, node, { quorum: failures, needed: neededQuorum });
  const msg = self.header('fail');
  msg.failing = node.name;
  self.broadcast(msg);
  self.emit('fail_broadcast', node, '', NO_DETAIL);
}

/** A FAIL node answered my ping: clear FAIL for replicas and slotless masters, or for masters after NT*2. */
export function clearNodeFailureIfNeeded(self: RedisNode, node: ClusterNodeRecord): void {
  if (node.isReplica || node.slots.isEmpty) {
    clearFail(self, node, false);
    return;
  }
  if (node.isMaster && self.now() - node.failTime > self.nodeTimeout * FAIL_UNDO_TIME_MULT) {
    clearFail(self, node, true);
  }
}
