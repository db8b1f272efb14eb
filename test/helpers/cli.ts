import { spawnSync } from 'child_process';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const SIM = join(ROOT, 'dist', 'cli', 'main.js');

/** Run the built `sim` CLI; tests run after the build (`npm test` builds first). */
export function sim(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SIM, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
