/**
 * A binary min-heap of scheduled events ordered by (time, sequence number).
 * The sequence number is assigned at scheduling, so events at the same instant run in the
 * order they were scheduled: ordering never depends on heap layout.
 */
export interface ScheduledEvent {
  time: number;
  seq: number;
  action: () => void;
  cancelled: boolean;
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  /**
   * Each heap slot's time and sequence number, side by side: sifting compares these and never reads
   * the event objects, which in a large cluster are scattered over the heap and a cache miss each.
   */
  private keys = new Float64Array(2048);

  get size(): number {
    return this.heap.length;
  }

  push(ev: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    if (2 * i + 2 > this.keys.length) this.widen();
    heap.push(ev);
    const keys = this.keys;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev.time, ev.seq, keys[2 * parent], keys[2 * parent + 1])) break;
      this.place(i, heap[parent], keys[2 * parent], keys[2 * parent + 1]);
      i = parent;
    }
    this.place(i, ev, ev.time, ev.seq);
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const n = heap.length - 1;
    const last = heap.pop();
    if (n > 0 && last !== undefined) this.siftDown(last, this.keys[2 * n], this.keys[2 * n + 1], n);
    return top;
  }

  private siftDown(ev: ScheduledEvent, time: number, seq: number, n: number): void {
    const heap = this.heap;
    const keys = this.keys;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(keys[2 * child + 2], keys[2 * child + 3], keys[2 * child], keys[2 * child + 1])) child++;
      if (!before(keys[2 * child], keys[2 * child + 1], time, seq)) break;
      this.place(i, heap[child], keys[2 * child], keys[2 * child + 1]);
      i = child;
    }
    this.place(i, ev, time, seq);
  }

  private place(i: number, ev: ScheduledEvent, time: number, seq: number): void {
    this.heap[i] = ev;
    this.keys[2 * i] = time;
    this.keys[2 * i + 1] = seq;
  }

  private widen(): void {
    const wider = new Float64Array(this.keys.length * 2);
    wider.set(this.keys);
    this.keys = wider;
  }
}

function before(timeA: number, seqA: number, timeB: number, seqB: number): boolean {
  return timeA < timeB || (timeA === timeB && seqA < seqB);
}
