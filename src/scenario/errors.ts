/** A problem in an input file, with its position (1-based line and column). */
export interface InputProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Bad input: the CLI prints each problem as file:line:column: message and exits 2. */
export class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** A command line that cannot be carried out (exit 2). */
export class UsageError extends Error {}

export function formatProblem(p: InputProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  // A hint must keep most of the word: "D" is not a typo of "A".
  return best !== undefined && bestDistance < word.length && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
