/**
 * Node names are 40-character ids that every node keeps in its own table (and addresses likewise).
 * Interning them gives every table the same string instance, so a 1000-node cluster keeps one copy
 * of each string instead of a thousand. Each interned name also gets a small number, its name id,
 * that gossip entries carry next to the name so that a table finds its row by indexing an array
 * rather than hashing the name. Ids are private to the process and never appear in any output.
 */
const interned = new Map<string, string>();
const ids = new Map<string, number>();

export function internName(name: string): string {
  const known = interned.get(name);
  if (known !== undefined) return known;
  interned.set(name, name);
  return name;
}

/** The id of `name`, given one on first use. */
export function nameId(name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = ids.size;
    ids.set(name, id);
  }
  return id;
}

/** The id of `name` if it has one, else -1 (a lookup that does not register the name). */
export function knownNameId(name: string): number {
  return ids.get(name) ?? -1;
}
