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
  private heap: ScheduledEvent[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(ev: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) this.siftDown(last);
    return top;
  }

  private siftDown(ev: ScheduledEvent): void {
    const heap = this.heap;
    const n = heap.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], ev)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = ev;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
