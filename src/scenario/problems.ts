import { SourceDocument } from './document';
import { InputProblem, suggest } from './errors';

/** Problems in the order of their place in the file. */
export function inFileOrder(problems: readonly InputProblem[]): InputProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Collects semantic problems, each placed at a path of the source document. */
export class Problems {
  readonly list: InputProblem[] = [];

  constructor(private readonly doc: SourceDocument) {}

  add(path: (string | number)[], message: string, atKey = false): void {
    this.list.push(this.doc.problem(path, message, atKey));
  }

  /** Report `name` unless it is one of `known`, suggesting the nearest. */
  checkName(path: (string | number)[], name: string, known: readonly string[], atKey = false): boolean {
    if (known.includes(name)) return true;
    const hint = suggest(name, known);
    this.add(path, `unknown node "${name}"${hint ? `: did you mean "${hint}"?` : `; known nodes: ${known.join(', ')}`}`, atKey);
    return false;
  }
}
