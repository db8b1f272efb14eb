/**
 * Node names are 40-character ids that every node keeps in its own table. Interning them gives
 * every table the same string instance for the same id, so the many lookups by name that gossip
 * does compare pointers instead of characters. It changes no behaviour.
 */
const interned = new Map<string, string>();

export function internName(name: string): string {
  const known = interned.get(name);
  if (known !== undefined) return known;
  interned.set(name, name);
  return name;
}
