import { ClusterLink, ClusterNodeRecord } from './clusterNode';
import { ConnHandle } from './env';
import { NodeFlag } from './messages';
import { RedisNode } from './nodeState';
import { sendPing } from './gossip';
import { NO_DETAIL } from './trace';

/**
 * Cluster bus links: one outbound link per known node, created by cron when missing, plus the
 * inbound links peers open to us (clusterNodeCronHandleReconnect, clusterLinkConnectHandler).
 */

/** Create the outbound link of a node that has none; it connects asynchronously. */
export function reconnectIfNeeded(self: RedisNode, node: ClusterNodeRecord): void {
  if (node.link) return;
  const conn = self.env.connect(node.busAddress);
  const link: ClusterLink = { conn, node, inbound: false, ctime: self.now(), connected: false };
  self.addLink(link);
  node.link = link;
}

/** The connect completed: send MEET or PING at once, keeping an older pending ping's time. */
export function handleLinkConnected(self: RedisNode, conn: ConnHandle): void {
  const link = self.linkOf(conn);
  if (!link || !link.node) return;
  link.connected = true;
  const node = link.node;
  const oldPingSent = node.pingSent;
  sendPing(self, link, node.has(NodeFlag.MEET) ? 'meet' : 'ping');
  if (oldPingSent) node.pingSent = oldPingSent;
  node.flags &= ~NodeFlag.MEET;
  // The first connection to each peer is routine (a 1000-node cluster makes a million of them);
  // reconnections after a lost link are what tell a story.
  if (node.linkWasLost) self.emit('link_connected', node, '', { reconnected: true });
}

/** An accepted connection (bus or client port): Redis sets TCP_NODELAY on it, unlike on the links it opens. */
export function handleLinkAccepted(self: RedisNode, conn: ConnHandle): void {
  self.env.setNoDelay(conn);
  self.addLink({ conn, node: null, inbound: true, ctime: self.now(), connected: true });
}

/** EOF, reset or a refused connect: free the link; cron reconnects an outbound one. */
export function handleLinkClosed(self: RedisNode, conn: ConnHandle): void {
  const link = self.linkOf(conn);
  if (!link) return;
  if (link.node && !link.inbound && link.connected) {
    link.node.linkWasLost = true;
    self.emit('link_closed', link.node, '', NO_DETAIL);
  }
  self.freeLink(link);
}

/** Bind an inbound link to the node that sent on it, replacing an older inbound link. */
export function bindInboundLink(self: RedisNode, link: ClusterLink, node: ClusterNodeRecord): void {
  if (node.inboundLink === link) return;
  if (node.inboundLink) self.freeLink(node.inboundLink);
  node.inboundLink = link;
  link.node = node;
}
