/** Identities (see nodeName) of a table's rows, in row order, possibly shared with other tables. */
class Column {
  values = new Float64Array(8);
  /** Entries written; tables sharing the column use a prefix of them. */
  used = 0;
}

/**
 * The shared column a new table starts from: the last one started, so that the tables of a new
 * cluster (or of the next seed of a sweep) meet in the column its first table started.
 */
let latest = new Column();

/**
 * The identity of each row of a node table. Every node of a cluster started from redis-cli's
 * nodes.conf lists the same nodes in the same order, so the tables share one column: a gossip entry's
 * identity is then read from an array every node uses, small enough to stay in cache, instead of
 * from a thousand private copies of it. A table that appends what the shared column already holds at
 * that place keeps sharing, and one that appends past its end extends it; a table that appends
 * something else starts a new shared column. Renames and removals take a private copy first, so a
 * shared column only ever grows.
 */
export class IdentityColumn {
  private column = latest;
  private owned = false;

  /** The identities by row (only the first `length` of the table's rows are its own). */
  get values(): Float64Array {
    return this.column.values;
  }

  /** Set the identity of row `index`, the row after the table's last. */
  append(index: number, identity: number): void {
    const c = this.column;
    if (index < c.used && c.values[index] === identity) return;
    if (index === c.used) this.claim(c, index, identity);
    else this.claim((this.column = latest = copyOf(c, index)), index, identity);
  }

  /** Change row `index`'s identity. */
  set(index: number, identity: number, length: number): void {
    this.privateCopy(length)[index] = identity;
  }

  /** Remove row `index` of `length` rows; the later ones move up. */
  remove(index: number, length: number): void {
    const values = this.privateCopy(length);
    values.copyWithin(index, index + 1, length);
    this.column.used = length - 1;
  }

  private claim(c: Column, index: number, identity: number): void {
    if (index === c.values.length) c.values = widen(c.values);
    c.values[index] = identity;
    c.used = index + 1;
  }

  /** This table's own copy of its first `length` identities, made on the first change. */
  private privateCopy(length: number): Float64Array {
    if (!this.owned) {
      this.column = copyOf(this.column, length);
      this.owned = true;
    }
    return this.column.values;
  }
}

/** A new column holding the first `length` entries of `c`. */
function copyOf(c: Column, length: number): Column {
  const copy = new Column();
  copy.values = new Float64Array(Math.max(8, 2 * length));
  copy.values.set(c.values.subarray(0, length));
  copy.used = length;
  return copy;
}

function widen(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const wider = new Float64Array(a.length * 2);
  wider.set(a);
  return wider;
}
