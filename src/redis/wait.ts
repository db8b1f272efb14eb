import { ConnHandle } from './env';
import { ClientCommand } from './messages';
import { RedisNode } from './nodeState';
import { handleClientCommand, reply } from './commands';

/**
 * WAIT numreplicas timeout: the client blocks until that many replicas have acknowledged the
 * offset of its last write, or the timeout passes; the reply is the count either way. A master
 * asks its replicas for an ACK (REPLCONF GETACK) at the end of the iteration that blocked a client,
 * and checks the waiting clients whenever an ACK arrives. A blocked client's connection is not
 * read: what it sent after the WAIT (a pipelining client's next commands) runs once the WAIT is
 * answered. A master that becomes a replica answers every blocked client UNBLOCKED and closes its
 * connection, dropping what waited behind (disconnectAllBlockedClients).
 */
export interface WaitingClient {
  conn: ConnHandle;
  cmd: ClientCommand;
  offset: number;
  done: boolean;
  /** Commands that came on the connection after the WAIT, in order. */
  later: ClientCommand[];
}

const UNBLOCKED = 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)';

/** The WAIT that `conn`'s client is blocked in, if any. */
export function blockedIn(self: RedisNode, conn: ConnHandle): WaitingClient | undefined {
  return self.waiting.length === 0 ? undefined : self.waiting.find((w) => w.conn === conn);
}

export function blockForWait(self: RedisNode, conn: ConnHandle, cmd: ClientCommand): void {
  if (self.myself.isReplica) return reply(self, conn, cmd, 'ERR WAIT cannot be used with replica instances.');
  const offset = self.clientWriteOffset.get(conn) ?? 0;
  const acked = replicasAcked(self, offset);
  if (acked >= cmd.value) return reply(self, conn, cmd, null, acked);
  const w: WaitingClient = { conn, cmd, offset, done: false, later: [] };
  self.waiting.push(w);
  self.getAckFromReplicas = true;
  if (cmd.timeoutMs > 0) {
    self.env.setTimer(cmd.timeoutMs, () => {
      if (!w.done) finish(self, w);
    });
  }
}

/** An ACK arrived: answer every waiting client it satisfies. */
export function processWaitingClients(self: RedisNode): void {
  for (const w of [...self.waiting]) if (!w.done && replicasAcked(self, w.offset) >= w.cmd.value) finish(self, w);
}

function finish(self: RedisNode, w: WaitingClient): void {
  w.done = true;
  self.waiting.splice(self.waiting.indexOf(w), 1);
  reply(self, w.conn, w.cmd, null, replicasAcked(self, w.offset));
  // A command among them can block the client again: those after it then wait for that WAIT.
  for (const cmd of w.later) handleClientCommand(self, w.conn, cmd);
}

/** The master is now a replica: every blocked client is answered UNBLOCKED, then disconnected. */
export function unblockWaitingClients(self: RedisNode): void {
  for (const w of self.waiting.splice(0)) {
    w.done = true;
    reply(self, w.conn, w.cmd, UNBLOCKED);
    self.env.close(w.conn);
  }
}

function replicasAcked(self: RedisNode, offset: number): number {
  let n = 0;
  for (const conn of self.repl.replicaConns) if ((self.repl.ackOffset.get(conn) ?? -1) >= offset) n++;
  return n;
}
