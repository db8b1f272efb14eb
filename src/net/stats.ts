/** Message and byte counters, per message type and per node. */
export interface Counter {
  sent: number;
  delivered: number;
  dropped: number;
  bytesSent: number;
  bytesDelivered: number;
}

export function newCounter(): Counter {
  return { sent: 0, delivered: 0, dropped: 0, bytesSent: 0, bytesDelivered: 0 };
}

export type Outcome = 'sent' | 'delivered' | 'dropped';

export class TrafficStats {
  readonly byType = new Map<string, Counter>();
  /** Per host: counters by type for what the host sent (sent, dropped) and received (delivered). */
  readonly byHost: Map<string, Counter>[];

  constructor(hosts: number) {
    this.byHost = Array.from({ length: hosts }, () => new Map<string, Counter>());
  }

  count(outcome: Outcome, type: string, bytes: number, from: number, to: number): void {
    bump(counterOf(this.byType, type), outcome, bytes);
    bump(counterOf(this.byHost[outcome === 'delivered' ? to : from], type), outcome, bytes);
  }
}

function counterOf(map: Map<string, Counter>, type: string): Counter {
  let c = map.get(type);
  if (!c) {
    c = newCounter();
    map.set(type, c);
  }
  return c;
}

function bump(c: Counter, outcome: Outcome, bytes: number): void {
  c[outcome]++;
  if (outcome === 'sent') c.bytesSent += bytes;
  else if (outcome === 'delivered') c.bytesDelivered += bytes;
}
