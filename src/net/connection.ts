import { Segment } from './segment';

/** One direction of a connection: the ordered byte stream from `from` to `to`. */
export class Direction<M> {
  /** Arrival time of the last message scheduled on this direction; later messages never overtake it. */
  lastArrival = 0;
  /** Messages waiting for retransmission across a partition, in order (null when none: most never have any). */
  held: M[] | null = null;
  /** When the first held message was first sent (drives the retransmission back-off). */
  heldSince = -1;
  /** The receiving side has closed or died: whatever still arrives is discarded. */
  receiverGone = false;
  /** The sending side closed: the peer learns of it after the data ahead of the FIN. */
  finPending = false;
  /** A segment was lost with all its retransmissions: nothing more gets through, and the connection times out. */
  givenUp = false;
  /**
   * What the sender writes at one instant leaves as one segment and is read at once (a client's
   * pipeline, a node's replies to it); `lastSegment` is the one that left at `segmentSentAt` (-1:
   * none yet), which what is written at that same instant joins.
   */
  segments = false;
  segmentSentAt = -1;
  lastSegment: Segment<M> | null = null;
  /** The sender has not set TCP_NODELAY (Linux's default), so Nagle's algorithm applies. */
  nagle = true;
  /** Sender (Nagle only): messages sent that the sender has not yet seen acknowledged. */
  unacked = 0;
  /** Sender: messages Nagle holds until what is outstanding is acknowledged, in order (null when none). */
  nagleQueue: M[] | null = null;
  /** Receiver (Nagle only): messages delivered and not yet acknowledged, and whether the delayed-ACK timer runs. */
  toAck = 0;
  delackArmed = false;

  constructor(
    readonly conn: Connection<M>,
    readonly from: number,
    readonly to: number,
  ) {}
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * A TCP connection between a client host and a server host. Messages on each direction arrive in
 * order. The client may queue messages while connecting; they leave when the handshake completes.
 */
export class Connection<M> {
  state: ConnectionState = 'connecting';
  /** The server side has accepted (its endpoint knows the connection). */
  accepted = false;
  /** A connect that hangs because SYNs do not get through; `synSince` is when the first SYN left. */
  hung = false;
  synSince = 0;
  /** What the client sent before the handshake completed. */
  queuedWhileConnecting: M[] | null = null;
  readonly toServer: Direction<M>;
  readonly toClient: Direction<M>;
  /** What each side's endpoint keeps with the connection (a node's cluster link): no lookup table needed. */
  clientData: object | null = null;
  serverData: object | null = null;

  constructor(
    readonly id: number,
    readonly client: number,
    readonly server: number,
    readonly address: string,
  ) {
    this.toServer = new Direction(this, client, server);
    this.toClient = new Direction(this, server, client);
  }

  /** The direction in which `host` sends. */
  outgoing(host: number): Direction<M> {
    return host === this.client ? this.toServer : this.toClient;
  }

  peerOf(host: number): number {
    return host === this.client ? this.server : this.client;
  }
}
