import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { SourceDocument } from './document';
import { InputProblem, suggest } from './errors';
import { MAX_TIME_TEXT } from './limits';
import { SCENARIO_SCHEMA } from './schema';
import { isTime, parseTime } from './time';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
ajv.addKeyword({ keyword: 'maxTime', type: 'string', schemaType: 'number', errors: false, validate: (max: number, data: string) => !isTime(data) || parseTime(data) <= max });
const validateScenario = ajv.compile(SCENARIO_SCHEMA);

/** A validator for another schema, whose problems are placed and worded like a scenario's. */
export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

export function problemsAgainst(validate: ValidateFunction, doc: SourceDocument): InputProblem[] {
  return placedProblems(validate, doc).map((x) => x.problem);
}

/** Each problem with the path of the value it is about. */
export function placedProblems(validate: ValidateFunction, doc: SourceDocument): { problem: InputProblem; path: (string | number)[] }[] {
  if (validate(doc.data)) return [];
  const errors = withoutBranchNoise(validate.errors ?? []);
  return errors.map((e) => ({ problem: toProblem(doc, e), path: pathOf(e) }));
}

/** The scenario schema's problems, placed. */
export function scenarioSchemaProblems(doc: SourceDocument): { problem: InputProblem; path: (string | number)[] }[] {
  return placedProblems(validateScenario, doc);
}

function pathOf(e: ErrorObject): (string | number)[] {
  return e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/**
 * For an anyOf that failed as a whole: when the value has the type of exactly one of its branches
 * (a mapping where the other branch wants a number), that branch's own errors say what is wrong
 * (`keys.count: must be >= 1`); otherwise the anyOf's error, with the branches' dropped.
 */
function withoutBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const any of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = any.schemaPath + '/';
    const inside = errors.filter((e) => e.schemaPath.startsWith(prefix));
    const branchOf = (e: ErrorObject): string => e.schemaPath.slice(prefix.length).split('/')[0];
    const misfits = new Set(inside.filter((e) => e.instancePath === any.instancePath && e.keyword === 'type').map(branchOf));
    const fitting = [...new Set(inside.map(branchOf))].filter((b) => !misfits.has(b));
    const keep = fitting.length === 1 && misfits.size === (any.schema as unknown[]).length - 1 ? fitting[0] : null;
    if (keep !== null) drop.add(any);
    for (const e of inside) if (branchOf(e) !== keep) drop.add(e);
  }
  return errors.filter((e) => !drop.has(e));
}


function toProblem(doc: SourceDocument, e: ErrorObject): InputProblem {
  const path = pathOf(e);
  const where = fieldName(path) || 'the file';
  const schema = e.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(schema?.properties ?? {});
      const hint = suggest(field, known);
      const expected = hint ? `did you mean "${hint}"?` : `expected one of: ${known.join(', ')}`;
      return doc.problem([...path, field], `unknown field "${field}"${path.length ? ` in ${where}` : ''}: ${expected}`, true);
    }
    case 'required':
      return doc.problem(path, `${where}: missing field "${(e.params as { missingProperty: string }).missingProperty}"`);
    case 'enum':
      return doc.problem(path, `${where}: expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, found ${show(e.data)}`);
    case 'const':
      return doc.problem(path, `${where}: expected ${show((e.params as { allowedValue: unknown }).allowedValue)}, found ${show(e.data)}`);
    case 'maxTime':
      return doc.problem(path, `${where}: expected a time of at most ${MAX_TIME_TEXT}, found ${show(e.data)}`);
    case 'maximum':
    case 'maxItems':
      return doc.problem(path, `${where}: expected at most ${(e.params as { limit: number }).limit}${e.keyword === 'maxItems' ? ' entries' : ''}, found ${Array.isArray(e.data) ? `${e.data.length} entries` : show(e.data)}`);
    case 'type':
    case 'pattern':
    case 'anyOf':
      return doc.problem(path, `${where}: expected ${schema?.description ?? describeType(e)}, found ${show(e.data)}`);
    default:
      return doc.problem(path, `${where}: ${e.message ?? 'invalid'}, found ${show(e.data)}`);
  }
}

function describeType(e: ErrorObject): string {
  const t = (e.params as { type?: string | string[] }).type;
  const types = Array.isArray(t) ? t : [t ?? 'value'];
  return types.map((x) => (x === 'object' ? 'a mapping' : x === 'array' ? 'a list' : `a ${x}`)).join(' or ');
}

export function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
