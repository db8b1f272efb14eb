/** Message and byte counters, per message type and per node. */
export interface Counter {
  sent: number;
  delivered: number;
  dropped: number;
  bytesSent: number;
  bytesDelivered: number;
  /** Extra copies a lossy link delivered (drop mode), beside the one counted as delivered. */
  duplicated: number;
}

export type Outcome = 'sent' | 'delivered' | 'dropped' | 'duplicated';

const SENT = 0;
const DELIVERED = 1;
const DROPPED = 2;
const BYTES_SENT = 3;
const BYTES_DELIVERED = 4;
const DUPLICATED = 5;
const FIELDS = 6;

/**
 * Counters in one array: a block per message type (in the order types are first seen) holding a
 * counter per host, then the type's total. Counting a message is a few array increments: every
 * message is counted when sent and when delivered, and per-host maps of counter objects were a cache
 * miss each in a 1000-node cluster.
 */
export class TrafficStats {
  private readonly typeIndex = new Map<string, number>();
  private readonly types: string[] = [];
  private counts = new Float64Array(0);
  /** Messages sent per virtual second, per type (in the order types are first seen). */
  private readonly perSecond: Int32Array[] = [];

  constructor(private readonly hosts: number) {}

  /**
   * Count one message against its type's total and its host: the receiver if delivered (or a copy
   * delivered), else the sender. A sent message also counts in its virtual `second`.
   */
  count(outcome: Outcome, type: string, bytes: number, from: number, to: number, second = -1): void {
    const t = this.typeOf(type);
    const block = t * (this.hosts + 1) * FIELDS;
    if (second >= 0) this.countSecond(t, second);
    bump(this.counts, block + (outcome === 'delivered' || outcome === 'duplicated' ? to : from) * FIELDS, outcome, bytes);
    bump(this.counts, block + this.hosts * FIELDS, outcome, bytes);
  }

  /** Totals per message type. */
  get byType(): Map<string, Counter> {
    return new Map(this.types.map((type, t) => [type, this.counter(t, this.hosts)]));
  }

  /** Messages sent in each virtual second, per type (seconds without any are 0). */
  sentPerSecond(seconds: number): Map<string, number[]> {
    return new Map(this.types.map((type, t) => [type, Array.from({ length: seconds }, (_, s) => this.perSecond[t][s] ?? 0)]));
  }

  /** What `host` sent, dropped and received, per message type. */
  hostCounters(host: number): Map<string, Counter> {
    return new Map(this.types.map((type, t) => [type, this.counter(t, host)]));
  }

  private countSecond(t: number, second: number): void {
    let row = this.perSecond[t];
    if (second >= row.length) {
      const wider = new Int32Array(Math.max(64, 2 * (second + 1)));
      wider.set(row);
      row = this.perSecond[t] = wider;
    }
    row[second]++;
  }

  /** The index of `type`, given on its first sight. */
  private typeOf(type: string): number {
    let t = this.typeIndex.get(type);
    if (t === undefined) {
      t = this.types.length;
      this.typeIndex.set(type, t);
      this.types.push(type);
      this.perSecond.push(new Int32Array(0));
      const wider = new Float64Array((t + 1) * (this.hosts + 1) * FIELDS);
      wider.set(this.counts);
      this.counts = wider;
    }
    return t;
  }

  private counter(t: number, slot: number): Counter {
    const c = this.counts;
    const at = (t * (this.hosts + 1) + slot) * FIELDS;
    return { sent: c[at + SENT], delivered: c[at + DELIVERED], dropped: c[at + DROPPED], bytesSent: c[at + BYTES_SENT], bytesDelivered: c[at + BYTES_DELIVERED], duplicated: c[at + DUPLICATED] };
  }
}

function bump(c: Float64Array, at: number, outcome: Outcome, bytes: number): void {
  if (outcome === 'sent') {
    c[at + SENT]++;
    c[at + BYTES_SENT] += bytes;
  } else if (outcome === 'delivered') {
    c[at + DELIVERED]++;
    c[at + BYTES_DELIVERED] += bytes;
  } else if (outcome === 'dropped') c[at + DROPPED]++;
  else c[at + DUPLICATED]++;
}
