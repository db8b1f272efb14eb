import { Micros } from '../engine/time';
import { LinkConfig } from '../net/linkConfig';
import { ProcessState } from '../journal/journal';
import { FailoverMode } from '../redis/manualFailover';
import { Problems } from '../scenario/problems';
import { Selectors } from '../scenario/selectors';
import { NetworkSpec } from '../scenario/types';

/**
 * A fault kind (or operator action) is one module: its YAML schema, its compilation into parameters,
 * its label, how it is applied and how it is undone, and how reports treat it. The registry lists
 * the modules; nothing else names a fault kind.
 */
export interface FaultKind<Raw, Params> {
  /** The event's key in YAML (`crash: C`). */
  readonly key: string;
  /** JSON Schema of the key's value. */
  readonly schema: object;
  /** Sibling fields of the event that belong to this kind (`mode:` of failover). */
  readonly options?: Record<string, object>;
  /** `fault` (done to the cluster) or `action` (an operator's command). */
  readonly category: 'fault' | 'action';
  /** Whether a failover that follows may be blamed on it. */
  readonly cause: boolean;
  compile(raw: Raw, ctx: CompileContext): Params;
  label(p: Params): string;
  /** The nodes it touches. */
  nodes(p: Params, all: readonly string[]): string[];
  /** For faults on processes: the states it acts on and the state it leaves (validation and the run skip the others). */
  readonly process?: ProcessEffect;
  /** Apply it; an undoable kind returns what undoes exactly this application (restoring what it replaced). */
  apply(target: FaultTarget, p: Params): Undo | void;
  /** Present on kinds that `for:` may undo. */
  readonly undo?: UndoSpec<Params>;
}

/** What a fault does to a process: the states it applies to, and the state it leaves. */
export interface ProcessEffect {
  readonly accepts: readonly ProcessState[];
  readonly becomes: ProcessState;
}

/** How an undo is labelled and which nodes it touches; it is never blamed for a failover. */
export interface UndoSpec<Params> {
  readonly process?: ProcessEffect;
  label(p: Params): string;
  nodes(p: Params): string[];
}

export type Undo = () => void;

/** What compiling an event's value may use: selectors resolved at a path below the event's key. */
export interface CompileContext {
  nodes(sel: Selectors | undefined, ...path: (string | number)[]): string[];
  readonly all: readonly string[];
  readonly network: NetworkSpec;
  readonly problems: Problems;
  /** Report a problem at a path below the event's key. */
  problem(message: string, ...path: (string | number)[]): void;
  /** The whole event, for kinds with sibling options. */
  readonly event: Record<string, unknown>;
}

/** What a fault may touch: processes and the network, by node name. The node model learns of it as a real node would. */
export interface FaultTarget {
  readonly nodeNames: readonly string[];
  now(): Micros;
  state(node: string): ProcessState;
  crash(node: string): void;
  /** SHUTDOWN: nodes.conf saved, connections closed with what they had sent still delivered, then exit. */
  shutdown(node: string): void;
  restart(node: string): void;
  pause(node: string): void;
  resume(node: string): void;
  jumpClock(node: string, byUs: number): void;
  setClockDrift(node: string, ppm: number): void;
  /** CLUSTER FAILOVER on `node`: null, or the error it replies. */
  clusterFailover(node: string, mode: FailoverMode): string | null;
  commandError(node: string, command: string, error: string): void;
  /** redis-cli --cluster reshard: move `slots` of `from`'s slots to `to`, `pipeline` keys per MIGRATE. */
  reshard(from: string, to: string, slots: number, pipeline: number): void;
  isBlocked(from: string, to: string): boolean;
  block(from: string, to: string): void;
  unblock(from: string, to: string): void;
  linkConfig(from: string, to: string): LinkConfig;
  setLinkConfig(from: string, to: string, config: LinkConfig): void;
}

/** Node names joined as labels show them. */
export const list = (names: readonly string[]): string => names.join(',');

/** Every (from, to) pair of distinct nodes. */
export function pairs(from: readonly string[], to: readonly string[], fn: (a: string, b: string) => void): void {
  for (const a of from) for (const b of to) if (a !== b) fn(a, b);
}

/**
 * Cut each `from` from its `to` (and back unless one-way). The undo unblocks only the directions
 * this cut blocked, in the order a heal of `listed` would visit them.
 */
export function cut(target: FaultTarget, cuts: { from: string[]; to: string[] }[], oneWay: boolean, listed: string[]): Undo {
  const blocked = new Set<string>();
  const block = (a: string, b: string): void => {
    if (!target.isBlocked(a, b)) blocked.add(`${a}>${b}`);
    target.block(a, b);
  };
  for (const c of cuts) {
    pairs(c.from, c.to, (a, b) => {
      block(a, b);
      if (!oneWay) block(b, a);
    });
  }
  const unblock = (a: string, b: string): void => {
    if (blocked.delete(`${a}>${b}`)) target.unblock(a, b);
  };
  return () =>
    pairs(listed, target.nodeNames, (a, b) => {
      unblock(a, b);
      unblock(b, a);
    });
}

/** Replace one field of each link's config; the undo puts back each link's own previous value. */
export function setLinkField<K extends keyof LinkConfig>(target: FaultTarget, from: string[], to: string[], change: (c: LinkConfig) => Pick<LinkConfig, K>): Undo {
  const saved: [string, string, Pick<LinkConfig, K>][] = [];
  pairs(from, to, (a, b) => {
    const config = target.linkConfig(a, b);
    const next = change(config);
    const old = Object.fromEntries(Object.keys(next).map((k) => [k, config[k as K]])) as Pick<LinkConfig, K>;
    saved.push([a, b, old]);
    target.setLinkConfig(a, b, { ...config, ...next });
  });
  return () => saved.forEach(([a, b, old]) => target.setLinkConfig(a, b, { ...target.linkConfig(a, b), ...old }));
}
