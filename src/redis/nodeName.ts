/**
 * Node names are 40-character ids that every node keeps in its own table (and addresses likewise).
 * Interning them gives every table the same string instance, so a 1000-node cluster keeps one copy
 * of each string instead of a thousand. Each name and each address also gets a small number, its
 * id, and a table row and a gossip entry carry the two ids as one number, the identity: a table
 * finds a gossiped node's row by indexing an array rather than hashing its name, and a gossip entry
 * is three numbers with no strings. Ids are private to the process and never appear in any output.
 */
const interned = new Map<string, string>();

export function internName(name: string): string {
  const known = interned.get(name);
  if (known !== undefined) return known;
  interned.set(name, name);
  return name;
}

/** Room for address ids in an identity: 2^26 each keeps name id * 2^26 + address id exact in a double. */
const ID_LIMIT = 2 ** 26;

/** Strings numbered in order of first use. */
class Registry {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  constructor(private readonly what: string) {}

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      if (id === ID_LIMIT) throw new Error(`more than ${ID_LIMIT} distinct ${this.what} in one process`);
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  known(text: string): number {
    return this.ids.get(text) ?? -1;
  }

  text(id: number): string {
    return this.texts[id];
  }
}

const names = new Registry('node names');
const addresses = new Registry('addresses');

/** The id of `name`, given one on first use. */
export function nameId(name: string): number {
  return names.id(name);
}

/** The id of `name` if it has one, else -1 (a lookup that does not register the name). */
export function knownNameId(name: string): number {
  return names.known(name);
}

/** A node's name id and address ("ip:port@cport") id as one number. */
export function identityOf(name: string, address: string): number {
  return names.id(name) * ID_LIMIT + addresses.id(address);
}

export function nameIdOf(identity: number): number {
  return Math.floor(identity / ID_LIMIT);
}

export function nameOf(identity: number): string {
  return names.text(nameIdOf(identity));
}

export function addressOf(identity: number): string {
  return addresses.text(identity % ID_LIMIT);
}
