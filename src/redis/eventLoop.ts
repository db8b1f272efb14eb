import { updateState } from './clusterState';
import { CONFIG_SAVE_MS, CRON_CYCLE_US, CRON_PERIOD_MS, CRON_RUN_US, EPOLL_GRAIN_US, FIRST_CRON_AFTER_RESTART_MS } from './constants';
import { clusterCron } from './cron';
import { ConnHandle } from './env';
import { handleSlaveFailover, updateMyselfFlags } from './failover';
import { handleLinkAccepted, handleLinkClosed, handleLinkConnected } from './links';
import { handleManualFailover } from './manualFailover';
import { WireMessage } from './messages';
import { RedisNode } from './nodeState';
import { processPacket } from './packet';
import { handleClientCommand, runPausedCommands } from './commands';
import { getAckFromReplicas, handleReplicationClosed, handleReplicationConnected, handleReplicationMessage, initReplication, isReplicationConn } from './replication';

/**
 * The node's event loop as the host drives it: the cron timer, socket events, and the work deferred
 * to the end of each iteration (clusterBeforeSleep).
 */

/**
 * Start the cron. A cluster's first start puts each node's first tick at a random phase within one
 * period, as processes start unaligned, or at `phaseUs` when the host knows it (processes started
 * together); a restarted process runs serverCron about 1 ms after it starts, and clusterCron
 * (run_with_period(100) fires at cronloops 0) connects and pings at once.
 */
export function startNode(self: RedisNode, restart: boolean, phaseUs: number | null = null): void {
  const tick = (): void => {
    self.env.setTimer(CRON_PERIOD_MS + (CRON_RUN_US + self.env.wakeRandom.int(EPOLL_GRAIN_US)) / 1000, tick);
    clusterCron(self);
  };
  updateMyselfFlags(self);
  initReplication(self, restart);
  if (restart) {
    self.env.setTimer(FIRST_CRON_AFTER_RESTART_MS, tick);
    return;
  }
  // A cluster's processes have been up for a while when it is whole: one draw, in microseconds of a
  // second, gives both the phase of the 100 ms tick and where the count of ticks stands in the
  // once-a-second work (replicationCron). Whole milliseconds made two replicas' ticks, and so their
  // elections, start at the same instant far more often than real processes do.
  const phase = phaseUs ?? self.env.random.int(CRON_CYCLE_US);
  self.cronIteration = Math.floor(phase / (CRON_PERIOD_MS * 1000));
  self.env.setTimer(((phase % (CRON_PERIOD_MS * 1000)) + 1) / 1000, tick);
}

/**
 * Work deferred to the end of the event-loop iteration (clusterBeforeSleep); the host runs it after
 * each iteration's events. Returns whether it deferred work again: Redis then has a reply or a
 * broadcast to write, so epoll returns at once and the next iteration follows without waiting.
 */
export function beforeSleep(self: RedisNode): boolean {
  const todo = self.todo;
  if (todo.handleManualFailover) {
    todo.handleManualFailover = false;
    todo.handleFailover = false;
    if (self.myself.isReplica) {
      handleManualFailover(self);
      handleSlaveFailover(self);
    }
  } else if (todo.handleFailover) {
    todo.handleFailover = false;
    handleSlaveFailover(self);
  }
  if (todo.updateState) {
    todo.updateState = false;
    updateState(self);
  }
  if (todo.fsyncConfig) {
    todo.fsyncConfig = false;
    todo.saveConfig = false;
    self.fsyncConfigNow();
  } else if (todo.saveConfig) {
    todo.saveConfig = false;
    self.env.stall(CONFIG_SAVE_MS);
  }
  if (self.getAckFromReplicas) getAckFromReplicas(self);
  if (self.pausedCommands.length > 0) runPausedCommands(self);
  return todo.handleFailover || todo.handleManualFailover || todo.updateState;
}

export function onConnected(self: RedisNode, conn: ConnHandle): void {
  if (isReplicationConn(self, conn)) handleReplicationConnected(self, conn);
  else handleLinkConnected(self, conn);
}

export function onConnectFailed(self: RedisNode, conn: ConnHandle): void {
  onClosed(self, conn);
}

export function onAccepted(self: RedisNode, conn: ConnHandle): void {
  handleLinkAccepted(self, conn);
}

export function onMessage(self: RedisNode, conn: ConnHandle, msg: WireMessage): void {
  switch (msg.kind) {
    case 'bus': {
      const link = self.linkOf(conn);
      if (link) processPacket(self, link, msg);
      return;
    }
    case 'repl':
      return handleReplicationMessage(self, conn, msg);
    case 'cmd':
      return handleClientCommand(self, conn, msg);
    case 'reply':
      return;
  }
}

export function onClosed(self: RedisNode, conn: ConnHandle): void {
  if (isReplicationConn(self, conn)) handleReplicationClosed(self, conn);
  else handleLinkClosed(self, conn);
}
