import { InputError } from '../../src/scenario/errors';
import { compileScenario } from '../../src/scenario/load';

/** What compiling `text` reports, as `line:column: message`; none when it compiles. */
export function problems(text: string): string[] {
  try {
    compileScenario('s.yaml', text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  }
  return [];
}
