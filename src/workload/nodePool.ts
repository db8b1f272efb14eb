import { ScaleReads } from './spec';

/**
 * ioredis's connection pool as the client routes by it: the nodes it knows, and which of them it
 * takes for masters (a node can stay a master here after it left the pool). A retry storm asks for
 * a random node of a role on every resend, so each role's candidates are kept until the pool changes.
 */
export class NodePool {
  private readonly known = new Set<number>();
  private readonly masters = new Set<number>();
  private candidates: Partial<Record<ScaleReads, readonly number[]>> = {};

  get size(): number {
    return this.known.size;
  }

  has(node: number): boolean {
    return this.known.has(node);
  }

  /** Known, and not taken for a master (its connection sends READONLY). */
  isReplica(node: number): boolean {
    return this.known.has(node) && !this.masters.has(node);
  }

  /** The known nodes, in the order they joined. */
  nodes(): number[] {
    return [...this.known];
  }

  add(node: number, master = false): void {
    if (this.known.has(node) && (!master || this.masters.has(node))) return;
    this.known.add(node);
    if (master) this.masters.add(node);
    this.candidates = {};
  }

  delete(node: number): void {
    if (this.known.delete(node)) this.candidates = {};
  }

  clear(): void {
    this.known.clear();
    this.masters.clear();
    this.candidates = {};
  }

  /** getSampleInstance's candidates: the known nodes of role `to` in the order they joined, or every known node when none has it. */
  ofRole(to: ScaleReads): readonly number[] {
    return (this.candidates[to] ??= this.find(to));
  }

  private find(to: ScaleReads): number[] {
    const role = to === 'master' ? [...this.masters].filter((h) => this.known.has(h)) : [...this.known].filter((h) => to === 'all' || !this.masters.has(h));
    return role.length > 0 ? role : [...this.known];
  }
}
