import { readFileSync } from 'fs';
import { join } from 'path';

/** This tool's name and version, from package.json: recorded in every summary so a result names its code. */
export const TOOL: { name: string; version: string } = (() => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();
