import { Document, isMap, isNode, isPair, isScalar, LineCounter, Node, parseDocument } from 'yaml';
import { InputError, InputProblem } from './errors';

/** A parsed YAML file that can say where any value in it stands. */
export class SourceDocument {
  readonly data: unknown;
  private readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const errors = this.doc.errors.map((e) => this.problemAt(e.pos[0], yamlMessage(e.message)));
    if (errors.length > 0) throw new InputError(errors);
    this.data = this.doc.toJS();
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

function yamlMessage(m: string): string {
  return `not valid YAML: ${m.split('\n')[0]}`;
}
