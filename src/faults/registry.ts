import { clockDrift } from './clockDrift';
import { clockJump } from './clockJump';
import { crash } from './crash';
import { failover } from './failover';
import { FaultKind, ProcessEffect } from './fault';
import { heal } from './heal';
import { isolate } from './isolate';
import { latency } from './latency';
import { loss } from './loss';
import { partition } from './partition';
import { pause } from './pause';
import { reshard } from './reshard';
import { restart } from './restart';
import { resume } from './resume';
import { shutdown } from './shutdown';

/** Every fault kind and operator action, by its YAML key: adding one is a module and a line here. */
export const FAULT_KINDS = {
  crash,
  shutdown,
  restart,
  pause,
  resume,
  isolate,
  heal,
  partition,
  loss,
  latency,
  'clock-jump': clockJump,
  'clock-drift': clockDrift,
  failover,
  reshard,
} satisfies Record<string, FaultKind<never, unknown>>;

export type FaultKey = keyof typeof FAULT_KINDS;
type ParamsOf<K extends FaultKey> = (typeof FAULT_KINDS)[K] extends FaultKind<never, infer P> ? P : never;

/** A compiled fault: its kind and its parameters. */
export type Fault = { [K in FaultKey]: { kind: K; params: ParamsOf<K> } }[FaultKey];

export const FAULT_KEYS = Object.keys(FAULT_KINDS) as FaultKey[];

/** What one application of a fault (or of its undo) is called, the nodes it names, and its effect on their processes. */
export function occurrence(f: Fault, undo: boolean, all: readonly string[]): { label: string; nodes: string[]; effect: ProcessEffect | undefined } {
  const kind = kindOf(f);
  const spec = undo ? kind.undo : undefined;
  if (spec) return { label: spec.label(f.params), nodes: spec.nodes(f.params), effect: spec.process };
  return { label: kind.label(f.params), nodes: kind.nodes(f.params, all), effect: kind.process };
}

/** The module of a fault's kind, typed to take its parameters. */
export function kindOf(f: Fault): FaultKind<unknown, unknown> {
  return FAULT_KINDS[f.kind] as FaultKind<unknown, unknown>;
}
