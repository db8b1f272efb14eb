import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createConnection } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { UsageError } from '../scenario/errors';
import { NodeSpec } from '../scenario/types';
import { redisConf } from './redisConf';
import { cleanStaleChains } from './firewall';

/**
 * The real `redis-server` processes of one trial, each in a fresh directory with its own
 * redis.conf, log and nodes.conf, on its own loopback address (127.0.0.11 for the first node,
 * 127.0.0.12 for the next ...), so that a firewall can cut one from another. Every PID started is
 * recorded in a file of our own, so that a later run stops what a killed one left (after checking
 * the PID is still a redis-server of ours), and every process is stopped at the end, on failure,
 * and on SIGINT or SIGTERM.
 */
const STATE_DIR = join(tmpdir(), 'redis-cluster-sim-real');
const PIDS_FILE = join(STATE_DIR, 'pids.json');
/** The PID of the sim process driving real servers now: one at a time, as they share ports and addresses. */
const DRIVER_FILE = join(STATE_DIR, 'driver.pid');
/** The most nodes a real cluster here takes (one loopback address each, 127.0.0.11 to 127.0.0.210). */
export const MAX_REAL_NODES = 200;

/** The loopback address node `i` of a scenario binds to and announces. */
export function nodeAddress(i: number): string {
  return `127.0.0.${11 + i}`;
}

export class RealServer {
  private child: ChildProcess | null = null;

  constructor(
    readonly spec: NodeSpec,
    readonly address: string,
    readonly dir: string,
    private readonly binary: string,
    private readonly registry: ServerRegistry,
  ) {
    writeFileSync(join(dir, 'redis.conf'), redisConf(spec, address, dir));
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get logFile(): string {
    return join(this.dir, 'log');
  }

  /** Start (or restart from its own nodes.conf); logs in UTC so their times parse alike everywhere. */
  start(): void {
    const child = spawn(this.binary, [join(this.dir, 'redis.conf')], { cwd: this.dir, stdio: 'ignore', env: { ...process.env, TZ: 'UTC' } });
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
    if (child.pid) this.registry.add(child.pid, this.dir);
  }

  signal(sig: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT' | 'SIGTERM'): void {
    if (this.child?.pid) process.kill(this.child.pid, sig);
    if (sig === 'SIGKILL') this.child = null;
  }

  /** Stop for good: SIGCONT first, as a stopped process does not act on SIGKILL's cleanup. */
  stop(): void {
    const pid = this.child?.pid;
    if (!pid) return;
    for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
    this.child = null;
  }
}

/** The PIDs this tool has started and not yet seen stopped, kept on disk across runs. */
export class ServerRegistry {
  private pids = new Map<number, string>();

  constructor() {
    mkdirSync(STATE_DIR, { recursive: true });
  }

  /**
   * Stop what an earlier, killed run left: only PIDs whose command line is a redis-server in one of
   * our directories; and remove its firewall chain. Refused while another run is alive: its servers
   * are not stale.
   */
  cleanStale(): number {
    claimDriver();
    cleanStaleChains();
    if (!existsSync(PIDS_FILE)) return 0;
    let stopped = 0;
    for (const [pid, dir] of Object.entries(JSON.parse(readFileSync(PIDS_FILE, 'utf8')) as Record<string, string>)) {
      if (isOurs(Number(pid), dir)) {
        for (const sig of ['SIGCONT', 'SIGKILL'] as const) process.kill(Number(pid), sig);
        stopped++;
      }
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(PIDS_FILE, { force: true });
    return stopped;
  }

  add(pid: number, dir: string): void {
    this.pids.set(pid, dir);
    writeFileSync(PIDS_FILE, JSON.stringify(Object.fromEntries(this.pids)));
  }

  clear(): void {
    this.pids.clear();
    rmSync(PIDS_FILE, { force: true });
  }
}

/** Record this process as the driver, or refuse when another live one is (it is released at exit). */
function claimDriver(): void {
  const other = existsSync(DRIVER_FILE) ? Number(readFileSync(DRIVER_FILE, 'utf8')) : 0;
  if (other > 0 && other !== process.pid && isAlive(other)) {
    throw new UsageError(`sim real: another run (PID ${other}) is driving real servers on the same ports and addresses; wait for it to end or stop it`);
  }
  writeFileSync(DRIVER_FILE, String(process.pid));
  process.once('exit', () => {
    if (existsSync(DRIVER_FILE) && Number(readFileSync(DRIVER_FILE, 'utf8')) === process.pid) rmSync(DRIVER_FILE, { force: true });
  });
}

/** Whether `pid` is a running node process (a PID reused by something else does not hold the lock). */
function isAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0].endsWith('node');
  } catch {
    return false;
  }
}

/** Whether `pid` runs redis-server with a config under `dir` (Linux's /proc; elsewhere assume not). */
export function isOurs(pid: number, dir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((a) => a.includes('redis-server')) && cmdline.some((a) => a.startsWith(dir));
  } catch {
    return false;
  }
}

/** The redis-server to run, or a usage error saying how to install one. */
export function findRedisServer(explicit?: string): string {
  const binary = explicit ?? 'redis-server';
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new UsageError(`sim real: cannot run ${binary}${explicit ? '' : ' (not on PATH)'}; install it with: apt-get install redis-server (or pass --redis-server PATH)`);
  }
  return binary;
}

/** What `binary --version` says, for the record of a comparison. */
export function redisVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** A fresh directory per node for one trial. */
export function trialDirs(nodes: NodeSpec[]): { root: string; dirs: string[] } {
  const root = mkdtempSync(join(STATE_DIR, 'trial-'));
  const dirs = nodes.map((n) => {
    const d = join(root, n.name);
    mkdirSync(d);
    return d;
  });
  return { root, dirs };
}

/** Refuse to start when something already listens on a port the scenario needs (client or bus). */
export async function checkPortsFree(nodes: NodeSpec[]): Promise<void> {
  for (const [i, n] of nodes.entries()) {
    // A listener on the node's own address or on every address answers here.
    for (const port of [n.port, n.port + 10000]) {
      if (await listening(nodeAddress(i), port)) throw new UsageError(`sim real: port ${port} (node ${n.name}) is in use on ${nodeAddress(i)}; stop what uses it or change the scenario's ports`);
    }
  }
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
