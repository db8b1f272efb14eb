import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../scenario/errors';

let tmpCounter = 0;

/** Write a file whole or not at all: to a temporary name first, then renamed into place. */
export function writeWhole(path: string, content: string): void {
  const tmp = join(dirname(path), `.tmp-${process.pid}-${tmpCounter++}`);
  guarded(path, () => {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  });
}

/**
 * Make `dir` hold exactly `files`, all or nothing: they are written into a new directory beside it,
 * which then takes its place, so a result directory is always one whole run. An existing `dir` is
 * replaced only if it holds nothing but files named in `ours` (an earlier run's outputs).
 */
export function writeDirectory(dir: string, files: [string, string][], ours: readonly string[]): void {
  const foreign = existingForeignEntries(dir, ours);
  if (foreign.length > 0) {
    throw new UsageError(`cannot write results to ${dir}: it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}, which are not outputs of this command; name a new or empty directory`);
  }
  const stem = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${tmpCounter++}`);
  const fresh = `${stem}.new`;
  const old = `${stem}.old`;
  guarded(dir, () => {
    try {
      mkdirSync(fresh, { recursive: true });
      for (const [name, content] of files) writeFileSync(join(fresh, name), content);
      if (existsSync(dir)) renameSync(dir, old);
      renameSync(fresh, dir);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
      rmSync(old, { recursive: true, force: true });
    }
  });
}

function existingForeignEntries(dir: string, ours: readonly string[]): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`cannot write results to ${dir}: it is a file, not a directory`);
    entries = readdirSync(dir);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return [];
  }
  return entries.filter((name) => !ours.includes(name));
}

/** Run a file-system step, turning its failure into a one-line usage error (exit 2) that says why. */
function guarded(path: string, step: () => void): void {
  try {
    step();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UsageError(`cannot write ${path}: ${WHY[code] ?? code}`);
  }
}

const WHY: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

export function csv(columns: string[], rows: unknown[][]): string {
  return stringify(rows, { header: true, columns });
}
