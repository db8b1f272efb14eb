import { mkdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { stringify } from 'csv-stringify/sync';

let tmpCounter = 0;

/** Write a file whole or not at all: to a temporary name first, then renamed into place. */
export function writeWhole(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${process.pid}-${tmpCounter++}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function csv(columns: string[], rows: unknown[][]): string {
  return stringify(rows, { header: true, columns });
}
