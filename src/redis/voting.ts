import { ClusterNodeRecord } from './clusterNode';
import { BusMessage, MFLAG_FORCEACK, NodeFlag } from './messages';
import { RedisNode } from './nodeState';

/** A master's vote for a replica's election (clusterSendFailoverAuthIfNeeded). Refusals are silent on the wire. */
export function sendFailoverAuthIfNeeded(self: RedisNode, requester: ClusterNodeRecord, req: BusMessage): void {
  const me = self.myself;
  if (me.isReplica || me.slots.isEmpty) return;
  const reason = refusalReason(self, requester, req);
  if (reason) {
    self.emit('vote_denied', requester, req.currentEpoch, { reason });
    return;
  }
  const master = requester.slaveof as ClusterNodeRecord;
  self.lastVoteEpoch = self.currentEpoch;
  master.votedTime = self.now();
  self.todo.fsyncConfig = true;
  self.send(requester.link, self.header('auth-ack'));
  self.emit('vote_granted', requester, self.currentEpoch, { ack_sent: requester.link !== null });
}

function refusalReason(self: RedisNode, requester: ClusterNodeRecord, req: BusMessage): string | null {
  const master = requester.slaveof;
  const force = (req.mflags & MFLAG_FORCEACK) !== 0;
  if (req.currentEpoch < self.currentEpoch) return `request epoch ${req.currentEpoch} < current epoch ${self.currentEpoch}`;
  if (self.lastVoteEpoch === self.currentEpoch) return `already voted in epoch ${self.currentEpoch}`;
  if (requester.isMaster) return 'requester is a master';
  if (!master) return 'requester has no known master';
  if (!master.has(NodeFlag.FAIL) && !force) return 'master is not failing';
  const sinceVote = self.now() - master.votedTime;
  if (sinceVote < self.nodeTimeout * 2) return `voted for a replica of this master ${sinceVote} ms ago`;
  for (const [a, b] of req.myslots.ranges) {
    for (let s = a; s <= b; s++) {
      const owner = self.slotOwner(s);
      if (owner && owner.configEpoch > req.configEpoch) {
        return `slot ${s} has configEpoch ${owner.configEpoch} > ${req.configEpoch}`;
      }
    }
  }
  return null;
}
