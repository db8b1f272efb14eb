import { RandomStream } from '../engine/random';
import { Problems } from './problems';
import { NodeSpec } from './types';

/** A node selector: a name, a glob (`A*`), `masters`, `replicas`, `all`, or `{random: <selector>, count: N}`. */
export type RawSelector = string | { random: string; count?: number };
/** One selector or a list of them. */
export type Selectors = RawSelector | RawSelector[];

/**
 * Resolves selectors to node names. Random picks draw from the scenario's own stream, in file order,
 * so they depend on the seed alone.
 */
export class SelectorResolver {
  private readonly names: string[];

  constructor(
    private readonly nodes: NodeSpec[],
    private readonly rng: RandomStream,
    private readonly p: Problems,
  ) {
    this.names = nodes.map((n) => n.name);
  }

  /** The nodes `raw` names; a random pick draws only among nodes `live` accepts (default: all). */
  resolve(raw: Selectors, path: (string | number)[], live: (name: string) => boolean = () => true): string[] {
    const list = Array.isArray(raw) ? raw : [raw];
    const out: string[] = [];
    list.forEach((sel, i) => {
      const at = Array.isArray(raw) ? [...path, i] : path;
      for (const name of this.one(sel, at, live)) if (!out.includes(name)) out.push(name);
    });
    return out;
  }

  private one(sel: RawSelector, path: (string | number)[], live: (name: string) => boolean): string[] {
    if (typeof sel !== 'string') {
      const pool = this.one(sel.random, [...path, 'random'], live).filter(live);
      const count = sel.count ?? 1;
      if (count > pool.length) {
        this.p.add(path, `cannot pick ${count} random nodes from "${sel.random}", which has ${pool.length} live at that time`);
        return [];
      }
      const picked = [...pool];
      for (let i = 0; i < count; i++) {
        const j = i + this.rng.int(picked.length - i);
        [picked[i], picked[j]] = [picked[j], picked[i]];
      }
      return picked.slice(0, count);
    }
    if (sel === 'all') return this.names;
    if (sel === 'masters') return this.nodes.filter((n) => !n.replicaOf).map((n) => n.name);
    if (sel === 'replicas') return this.nodes.filter((n) => n.replicaOf).map((n) => n.name);
    if (sel.includes('*')) {
      const re = new RegExp(`^${sel.split('*').map(escape).join('.*')}$`);
      const matched = this.names.filter((n) => re.test(n));
      if (matched.length === 0) this.p.add(path, `pattern "${sel}" matches no node`);
      return matched;
    }
    return this.p.checkName(path, sel, this.names) ? [sel] : [];
  }
}

function escape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
