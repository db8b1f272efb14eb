import { createHash } from 'crypto';
import { readFileSync, statSync } from 'fs';
import { basename } from 'path';
import { RandomStream } from '../engine/random';
import { SourceDocument } from './document';
import { InputError } from './errors';
import { LIMITS } from './limits';
import { compileEvents, RawEvent } from './events';
import { compileExpectations, RawExpectation } from './expectations';
import { compileNetwork, RawNetwork } from './network';
import { compileNodes, RawCluster } from './nodes';
import { compileWorkload, RawWorkload } from './workload';
import { inFileOrder, Problems } from './problems';
import { SelectorResolver } from './selectors';
import { CHECKED_FIGURES } from './intervals';
import { parseTime } from './time';
import { CheckSpec, Scenario, Tolerance } from './types';
import { InputProblem } from './errors';
import { scenarioSchemaProblems } from './validate';

interface RawTolerance { relative?: number; absolute?: string }
interface RawScenario {
  name?: string;
  description?: string;
  seed?: number;
  duration: string;
  cluster: RawCluster;
  network?: RawNetwork;
  workload?: RawWorkload;
  events?: (RawEvent | null)[];
  expect?: (RawExpectation | null)[];
  check?: { tolerance?: RawTolerance; intervals?: Record<string, RawTolerance> };
}

const DEFAULT_TOLERANCE: Tolerance = { relative: 0.1, absoluteMs: 100 };

/**
 * Read, validate and compile a scenario file. `seed` overrides the file's seed (random node picks
 * depend on it). Throws InputError with every problem found, each with its line and column.
 */
export function loadScenario(file: string, seed?: number): Scenario {
  return compileScenario(file, readScenarioFile(file), seed);
}

/** The text of a scenario file, refused if it cannot be read or is implausibly large. */
export function readScenarioFile(file: string): string {
  const refuse = (message: string): never => {
    throw new InputError([{ file, line: 1, column: 1, message }]);
  };
  try {
    const size = statSync(file).size;
    if (size > LIMITS.fileBytes) refuse(`expected a scenario file of at most ${LIMITS.fileBytes / 1024 / 1024} MB, found ${(size / 1024 / 1024).toFixed(1)} MB`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    return refuse(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function compileScenario(file: string, text: string, seedOverride?: number): Scenario {
  return compileParsed(parseScenario(file, text), seedOverride);
}

/** A scenario file read and checked against the schema: the seed-independent half of compiling. */
export interface ParsedScenario {
  file: string;
  doc: SourceDocument;
  sha256: string;
  /** Schema problems, with the path of each: compilation checks the rest and reports all in one pass. */
  schema: { problem: InputProblem; path: (string | number)[] }[];
}

export function parseScenario(file: string, text: string): ParsedScenario {
  const doc = new SourceDocument(file, text);
  if (doc.data === null || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    throw new InputError([{ file, line: 1, column: 1, message: 'expected a mapping with cluster, duration, events and expect' }]);
  }
  return { file, doc, sha256: createHash('sha256').update(text).digest('hex'), schema: scenarioSchemaProblems(doc) };
}

/** Compile a parsed scenario for one seed (random node picks depend on it). */
export function compileParsed(parsed: ParsedScenario, seedOverride?: number): Scenario {
  const { file, doc, sha256 } = parsed;
  const raw = withoutInvalid(parsed);
  const p = new Problems(doc);
  const seed = seedOverride ?? raw.seed ?? 1;
  const nodes = compileNodes(raw.cluster, p);
  const sel = new SelectorResolver(nodes, RandomStream.derive(seed, 'scenario'), p);
  const network = compileNetwork(raw.network ?? {}, sel, p);
  const durationUs = raw.duration === undefined ? LIMITS.timeUs : parseTime(raw.duration);
  const schedule = compileEvents(raw.events ?? [], sel, network, durationUs, p);
  const workload = compileWorkload(raw.workload, nodes, network.latency, durationUs, p);
  const masters = nodes.filter((n) => !n.slots.isEmpty).map((n) => n.name);
  // A workload: section the schema refused still has clients: its expectations are not judged without one.
  const hasClients = workload !== null || (raw.workload === undefined && (doc.data as RawScenario).workload != null);
  const expectations = compileExpectations(raw.expect ?? [], nodes.map((n) => n.name), durationUs, p, masters, hasClients);
  const check = compileCheck(raw.check, p);
  const problems = inFileOrder([...parsed.schema.map((x) => x.problem), ...p.list]);
  if (problems.length > 0) throw new InputError(problems);
  return {
    name: raw.name ?? basename(file).replace(/\.ya?ml$/, ''),
    file,
    sha256,
    description: raw.description ?? '',
    seed,
    durationUs,
    formation: raw.cluster?.formation ?? 'create',
    start: raw.cluster?.start ?? 'apart',
    nodes,
    network,
    schedule,
    workload,
    expectations,
    check,
  };
}

/**
 * The scenario without the parts the schema refused, so that the rest is still checked in the same
 * pass: bad events and expectations become gaps (null, keeping every other index), a bad network or
 * check section is left out. Without a valid cluster nothing else can be checked.
 */
function withoutInvalid(parsed: ParsedScenario): RawScenario {
  const raw = parsed.doc.data as RawScenario;
  if (parsed.schema.length === 0) return raw;
  const bad = parsed.schema.map((x) => x.path);
  if (bad.some((path) => path.length === 0 || path[0] === 'cluster')) throw new InputError(parsed.schema.map((x) => x.problem));
  const badIndexes = (section: string): Set<number> => new Set(bad.filter((path) => path[0] === section && typeof path[1] === 'number').map((path) => path[1] as number));
  const gaps = <T>(section: 'events' | 'expect', list: T[] | undefined): (T | null)[] | undefined => {
    if (!Array.isArray(list) || bad.some((path) => path[0] === section && path.length === 1)) return undefined;
    const skip = badIndexes(section);
    return list.map((x, i) => (skip.has(i) ? null : x));
  };
  const isBad = (section: string): boolean => bad.some((path) => path[0] === section);
  return {
    ...raw,
    name: isBad('name') ? undefined : raw.name,
    seed: isBad('seed') ? undefined : raw.seed,
    duration: isBad('duration') ? (undefined as unknown as string) : raw.duration,
    network: isBad('network') ? undefined : raw.network,
    workload: isBad('workload') ? undefined : raw.workload,
    check: isBad('check') ? undefined : raw.check,
    events: gaps('events', raw.events),
    expect: gaps('expect', raw.expect),
  };
}

function compileCheck(raw: RawScenario['check'], p: Problems): CheckSpec {
  const base = tolerance(raw?.tolerance, DEFAULT_TOLERANCE);
  const intervals: Record<string, Tolerance> = {};
  for (const [name, t] of Object.entries(raw?.intervals ?? {})) {
    if (!CHECKED_FIGURES.includes(name)) {
      p.add(['check', 'intervals', name], `check.intervals: unknown interval "${name}"; expected one of ${CHECKED_FIGURES.join(', ')}`, true);
    }
    intervals[name] = tolerance(t, base);
  }
  return { tolerance: base, intervals };
}

function tolerance(raw: RawTolerance | undefined, base: Tolerance): Tolerance {
  return { relative: raw?.relative ?? base.relative, absoluteMs: raw?.absolute ? parseTime(raw.absolute) / 1000 : base.absoluteMs };
}
