import { LIMITS } from './limits';
import { TIME_PATTERN } from './time';

/** JSON Schema fragments shared by the scenario schema and the fault kinds' own schemas. */

/** `maxTime` is this project's own keyword (microseconds): editors ignore it, the validator enforces it. */
export const time = { type: 'string', pattern: TIME_PATTERN, maxTime: LIMITS.timeUs, description: 'a time with a unit (50us, 250ms, 10s, 2m)' };
export const probability = { type: 'number', minimum: 0, maximum: 1, description: 'a probability between 0 and 1' };
export const nodeName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'a node name' };
/** A node selector: a name, a glob (A*), masters, replicas, all, or {random: ..., count: N}. */
export const selector = {
  description: 'a node name, a pattern (A*), masters, replicas, all, or {random: ..., count: N}',
  anyOf: [
    { type: 'string' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['random'],
      properties: { random: { type: 'string' }, count: { type: 'integer', minimum: 1 } },
    },
  ],
};
export const nodes = { description: 'node selectors', anyOf: [selector, { type: 'array', items: selector, minItems: 1 }] };

export const jitter = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { enum: ['constant', 'uniform', 'normal', 'lognormal'] },
    max: time,
    stddev: time,
    median: time,
    sigma: { type: 'number', minimum: 0 },
  },
};
export const latency = { type: 'object', additionalProperties: false, properties: { base: time, jitter } };
export const lossMode = { enum: ['tcp', 'drop'] };
export const linkSel = { from: nodes, to: nodes };

/** A non-empty list of named entries (nodes, clients), each with `properties` and nothing else. */
export function namedList(maxItems: number, properties: Record<string, object>): object {
  return { type: 'array', minItems: 1, maxItems, items: { type: 'object', additionalProperties: false, required: ['name'], properties } };
}
