import { existsSync, readFileSync, statSync } from 'fs';
import { basename, dirname, join } from 'path';
import { UsageError } from '../scenario/errors';
import { Scenario } from '../scenario/types';
import { SweepRow } from '../sweep/row';
import { ScenarioFidelity } from './fidelity';

/**
 * Real trials an earlier `sim compare` recorded in its fidelity.json, so that a change to the model
 * can be judged against them in minutes instead of hours of new trials. A scenario's trials are
 * found by its file's sha256: trials of a file that has changed since do not describe it.
 */
export class RecordedTrials {
  private constructor(
    readonly path: string,
    private readonly entries: StoredFidelity[],
    /** What the trials ran on (server, machine), as the fidelity.md beside them says. */
    readonly ranOn: string,
  ) {}

  /** Read `path`, a fidelity.json or a directory holding one. */
  static read(path: string): RecordedTrials {
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'fidelity.json') : path;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`--real: cannot read ${file}: ${(e as Error).message}`);
    }
    if (!Array.isArray(data) || !data.every(isEntry)) throw new UsageError(`--real: ${file} is not a fidelity.json written by sim compare (expected a list of scenarios, each with realRows)`);
    return new RecordedTrials(file, data, ranOn(join(dirname(file), 'fidelity.md')) ?? 'real Redis');
  }

  /**
   * The trials of the scenario whose file has this sha256, and how their processes were started. A
   * table recorded before `start` existed says nothing of it: `sim real` then started every server
   * in one loop, so those trials were started together.
   */
  trialsOf(scenarioFile: string, sha256: string): RecordedRows {
    const entries = this.entries.filter((e) => e.realRows.some((r) => r.scenario_sha256 === sha256));
    const rows = entries.flatMap((e) => e.realRows).filter((r) => r.scenario_sha256 === sha256);
    const starts = [...new Set(entries.map((e) => e.start ?? 'together'))];
    if (starts.length > 1) throw new UsageError(`--real: ${this.path} holds trials of ${scenarioFile} started both apart and together; judge each kind from a table of its own`);
    if (rows.length > 0) return { rows, start: starts[0] };
    const same = this.entries.find((e) => basename(e.file) === basename(scenarioFile));
    const why = same ? `its trials of ${same.file} ran another version of the file (it has changed since)` : `it holds trials of ${this.entries.map((e) => e.file).join(', ')}`;
    throw new UsageError(`--real: no recorded trials of ${scenarioFile} in ${this.path}: ${why}; run real trials of it (sim compare without --real)`);
  }
}

/** A fidelity.json's entry: tables recorded before `start` existed lack it. */
type StoredFidelity = Omit<ScenarioFidelity, 'start'> & { start?: ScenarioFidelity['start'] };

export interface RecordedRows {
  rows: SweepRow[];
  start: Scenario['start'];
}

function isEntry(e: unknown): e is StoredFidelity {
  const x = e as Partial<StoredFidelity> | null;
  return typeof x === 'object' && x !== null && typeof x.file === 'string' && Array.isArray(x.realRows) && (x.start === undefined || x.start === 'apart' || x.start === 'together');
}

/** The "beside ..." of a fidelity.md's opening line, if there is one. */
function ranOn(md: string): string | undefined {
  if (!existsSync(md)) return undefined;
  // A table re-judged before names where its trials were recorded: that part is said anew.
  return /^\S+ \S+ beside (.*?)(?: \(trials recorded in [^)]*\))?\.$/m.exec(readFileSync(md, 'utf8'))?.[1];
}
