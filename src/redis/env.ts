import { RandomStream } from '../engine/random';
import { WireMessage } from './messages';
import { NodeEvent } from './trace';

/** An open or opening connection, opaque to the node model. */
export type ConnHandle = object;


/**
 * Everything a node model can touch: its own clock (milliseconds, possibly skewed), timers, connections,
 * its own random streams, and a journal. It never sees the engine or the network.
 */
export interface NodeEnv {
  now(): number;
  readonly random: RandomStream;
  /** How late the event loop wakes for the cron (epoll's whole-ms timeouts): a stream of its own, so these draws move no other. */
  readonly wakeRandom: RandomStream;
  setTimer(delayMs: number, fn: () => void): unknown;
  connect(address: string): ConnHandle;
  send(conn: ConnHandle, msg: WireMessage): void;
  close(conn: ConnHandle): void;
  /**
   * Block the process for `ms` (an fsync): what it wrote in this iteration leaves when the block
   * ends, and nothing it receives is read before.
   */
  stall(ms: number): void;
  /** Set TCP_NODELAY on this node's side of `conn`. */
  setNoDelay(conn: ConnHandle): void;
  /** Keep `value` with `conn` on this node's side (its cluster link), or drop it with null. */
  attach(conn: ConnHandle, value: object | null): void;
  /** What this node attached to `conn`, or null. */
  attached(conn: ConnHandle): object | null;
  emit(event: NodeEvent): void;
}
