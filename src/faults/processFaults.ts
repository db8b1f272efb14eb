import { ProcessState } from '../journal/journal';
import { nodes } from '../scenario/schemaParts';
import { Selectors } from '../scenario/selectors';
import { FaultKind, FaultTarget, list, ProcessEffect } from './fault';


/**
 * A fault on processes named by a selector (`crash: C`): what is done to each node, the process
 * states it acts on and the one it leaves, and whether a failover may follow from it.
 */
export function processFault(key: string, cause: boolean, effect: ProcessEffect, act: (t: FaultTarget, node: string) => void): FaultKind<Selectors, string[]> {
  return {
    key,
    schema: nodes,
    category: 'fault',
    cause,
    process: effect,
    compile: (raw, ctx) => ctx.nodes(raw),
    label: (n) => `${key} ${list(n)}`,
    nodes: (n) => n,
    apply: (t, n) => n.filter((node) => effect.accepts.includes(t.state(node))).forEach((node) => act(t, node)),
  };
}

/** What each state is called in a refusal ("C is dead"). */
export const STATE_WORDS: Record<ProcessState, string> = { running: 'running', paused: 'paused (SIGSTOP)', dead: 'dead' };
