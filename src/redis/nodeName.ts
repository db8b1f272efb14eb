/**
 * Node names are 40-character ids that every node keeps in its own table (and addresses likewise).
 * Interning them gives every table the same string instance, so the many lookups by name that
 * gossip does compare pointers instead of characters, and a 1000-node cluster keeps one copy of
 * each string instead of a thousand. It changes no behaviour.
 */
const interned = new Map<string, string>();

export function internName(name: string): string {
  const known = interned.get(name);
  if (known !== undefined) return known;
  interned.set(name, name);
  return name;
}
