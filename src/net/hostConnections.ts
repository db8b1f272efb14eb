import { Connection } from './connection';

/**
 * A host's connections in the order they were opened, for resetting them when the host dies. Closed
 * connections leave lazily: an array slot each instead of a set entry, as a 1000-node cluster has a
 * million connections and each host's list is read only when it crashes.
 */
export class HostConnections<M> {
  private list: Connection<M>[] = [];
  private open = 0;

  add(conn: Connection<M>): void {
    if (this.list.length >= 2 * this.open + 16) this.list = this.live();
    this.list.push(conn);
    this.open++;
  }

  /** One of the host's connections has closed. */
  closed(): void {
    this.open--;
  }

  /** The connections not yet closed, oldest first. */
  live(): Connection<M>[] {
    return this.list.filter((c) => c.state !== 'closed');
  }
}
