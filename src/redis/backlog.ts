import { WriteOp } from './dataset';

/**
 * The writes of the replication backlog, each at the offset its last byte ends at. Redis keeps the
 * last repl-backlog-size bytes of the stream; ReplicationState.backlogFrom says where the history
 * starts, and this holds the writes in that span, so a partial resync can resend them.
 */
export class Backlog {
  private ops: WriteOp[] = [];
  private ends: number[] = [];
  private head = 0;

  push(endOffset: number, op: WriteOp): void {
    this.ops.push(op);
    this.ends.push(endOffset);
  }

  /** Forget writes that end at or before `offset` (they left the backlog). */
  trimTo(offset: number): void {
    while (this.head < this.ends.length && this.ends[this.head] <= offset) this.head++;
    if (this.head > 1024 && this.head * 2 > this.ends.length) {
      this.ops = this.ops.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
  }

  /** The writes after `offset`, in order. */
  since(offset: number): WriteOp[] {
    let i = this.ends.length;
    while (i > this.head && this.ends[i - 1] > offset) i--;
    return this.ops.slice(i);
  }

  clear(): void {
    this.ops = [];
    this.ends = [];
    this.head = 0;
  }
}
