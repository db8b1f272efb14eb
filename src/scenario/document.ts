import { Document, isCollection, isMap, isNode, isPair, isScalar, LineCounter, Node, parseDocument, visit } from 'yaml';
import { InputError, InputProblem } from './errors';

/** How many nodes an alias may expand to: far above any real scenario, far below a resource attack. */
const MAX_ALIAS_COUNT = 1000;

/** A parsed YAML file that can say where any value in it stands. */
export class SourceDocument {
  readonly data: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
    private readonly format = 'YAML',
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const errors = this.doc.errors.map((e) => this.problemAt(e.pos[0], `not valid ${this.format}: ${e.message.split('\n')[0]}`));
    errors.push(...this.structureProblems());
    if (errors.length > 0) throw new InputError(errors);
    this.data = this.toData();
  }

  /** Aliases that name no anchor, and keys that are mappings or lists: the YAML-to-data step cannot take them. */
  private structureProblems(): InputProblem[] {
    const found: InputProblem[] = [];
    const anchors = new Set<string>();
    visit(this.doc, {
      Node: (_, node) => {
        if (node.anchor) anchors.add(node.anchor);
      },
      Alias: (_, alias) => {
        if (!anchors.has(alias.source)) found.push(this.problemAt(rangeStart(alias), `not valid ${this.format}: the alias *${alias.source} names no anchor defined before it`));
      },
      Pair: (_, pair) => {
        if (isCollection(pair.key)) found.push(this.problemAt(rangeStart(pair.key), `expected a plain key (a name), found a ${isMap(pair.key) ? 'mapping' : 'list'} used as a key`));
      },
    });
    return found;
  }

  /** The document as plain data, with alias expansion capped (a "billion laughs" file is refused, not expanded). */
  private toData(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      let first = 0;
      visit(this.doc, { Alias: (_, alias) => ((first = rangeStart(alias)), visit.BREAK) });
      throw new InputError([this.problemAt(first, `not valid ${this.format}: aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${(e as Error).message})`)]);
    }
  }

  /** A problem located at the value at `path` (or at the key, for a misnamed field). */
  problem(path: (string | number)[], message: string, atKey = false): InputProblem {
    return this.problemAt(this.offsetOf(path, atKey), message);
  }

  private problemAt(offset: number, message: string): InputProblem {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col, message };
  }

  private offsetOf(path: (string | number)[], atKey: boolean): number {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node);
    for (const [i, step] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        const last = i === path.length - 1;
        node = last && atKey ? pair.key : pair.value;
        offset = rangeStart(node, offset);
      } else if (isNode(node) && 'items' in node) {
        node = (node as { items: unknown[] }).items[Number(step)];
        offset = rangeStart(node, offset);
      } else break;
    }
    return offset;
  }
}

function rangeStart(node: unknown, fallback = 0): number {
  return isNode(node) && (node as Node).range ? ((node as Node).range as [number, number, number])[0] : fallback;
}
