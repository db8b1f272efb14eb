import { Micros } from '../engine/time';

/** How an operation ended: acknowledged, refused with an error, timed out (may or may not have applied), or never answered. */
export type Outcome = 'ok' | 'fail' | 'timeout' | 'pending';

/** One operation as the client saw it, Jepsen style: a row of history.csv. */
export interface OpRecord {
  client: string;
  kind: 'write' | 'read';
  command: string;
  key: string;
  slot: number;
  /** A write's id (what SET or RPUSH stored), unique per client; 0 for reads and INCR. */
  value: number;
  invokeUs: Micros;
  /** -1 while pending. */
  completeUs: Micros;
  outcome: Outcome;
  /** The last error reply or client error (MOVED exhausted, CLUSTERDOWN ..., Command timed out), '' when ok. */
  error: string;
  /** The host that answered last, or -1. */
  node: number;
  /** The reply's value (a counter, a list's length, a value read); WAIT's count after a write with WAIT. */
  result: number | null;
  /** Sends of the command, redirections and retries included. */
  attempts: number;
}

/** A new operation, invoked at `invokeUs` and not yet answered. */
export function invoked(client: string, kind: OpRecord['kind'], command: string, key: string, slot: number, value: number, invokeUs: Micros): OpRecord {
  return { client, kind, command, key, slot, value, invokeUs, completeUs: -1, outcome: 'pending', error: '', node: -1, result: null, attempts: 0 };
}

/** Every operation of every client, in invocation order per client. */
export class History {
  readonly ops: OpRecord[] = [];
}
