import { FAULT_KEYS, FAULT_KINDS } from '../faults/registry';
import { OPTION_ALIASES, OPTION_NAMES } from '../redis/config';
import { LIMITS } from './limits';
import { WORKLOAD_SCHEMA } from './workload';
import { latency, linkSel, lossMode, namedList, nodeName, probability, time } from './schemaParts';

/** JSON Schema of a scenario file. Semantic checks (names, slots) come after, in compile.ts. */

const optionProps: Record<string, object> = {};
for (const name of [...OPTION_NAMES, ...Object.keys(OPTION_ALIASES)]) {
  optionProps[name] = { type: ['number', 'boolean', 'string'] };
}
const options = { type: 'object', additionalProperties: false, properties: optionProps };

/** An event: its time, `for:` and `repeat:`, and the keys and options of every fault kind. */
const eventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['at'],
  properties: {
    at: time,
    for: time,
    repeat: {
      type: 'object',
      additionalProperties: false,
      required: ['every', 'times'],
      properties: { every: time, times: { type: 'integer', minimum: 1, maximum: LIMITS.scheduled } },
    },
    ...Object.fromEntries(FAULT_KEYS.flatMap((k) => [[k, FAULT_KINDS[k].schema], ...Object.entries(FAULT_KINDS[k].options ?? {})])),
  },
};

const slotScope = { type: 'string', description: 'slot ranges, such as "0-99 200"' };
/** A workload expectation's count (lost writes, stale reads) at most, overall or in a scope. */
const countInScope = {
  type: 'object',
  additionalProperties: false,
  required: ['at-most'],
  properties: { 'at-most': { type: 'integer', minimum: 0 }, of: nodeName, slots: slotScope },
};
const byTime = { description: 'a time with a unit, or "end"', anyOf: [time, { const: 'end' }] };
const expectationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    failover: {
      type: 'object',
      additionalProperties: false,
      properties: { failed: nodeName, promoted: nodeName, within: time },
    },
    'no-failover': {
      description: 'true, or {before: <time>}',
      anyOf: [{ const: true }, { type: 'object', additionalProperties: false, required: ['before'], properties: { before: time } }],
    },
    'no-fail': { const: true },
    role: {
      type: 'object',
      additionalProperties: false,
      required: ['node'],
      properties: { node: nodeName, is: { enum: ['master', 'replica'] }, 'replica-of': nodeName, by: byTime },
    },
    'cluster-state': {
      type: 'object',
      additionalProperties: false,
      required: ['state'],
      properties: {
        state: { enum: ['ok', 'fail'] },
        nodes: { anyOf: [{ const: 'live' }, { type: 'array', items: nodeName, minItems: 1 }] },
        by: byTime,
      },
    },
    'slots-agree': { const: true },
    replicas: {
      type: 'object',
      additionalProperties: false,
      required: ['node', 'at-least'],
      properties: { node: nodeName, 'at-least': { type: 'integer', minimum: 0 }, by: byTime },
    },
    'fail-flag': {
      type: 'object',
      additionalProperties: false,
      required: ['node', 'set'],
      properties: { node: nodeName, set: { type: 'boolean' }, by: byTime },
    },
    'lost-writes': countInScope,
    'stale-reads': countInScope,
    unavailable: {
      type: 'object',
      additionalProperties: false,
      required: ['at-most'],
      properties: { 'at-most': time, of: nodeName, slots: slotScope },
    },
    'writes-succeed': {
      type: 'object',
      additionalProperties: false,
      required: ['by'],
      properties: { by: time, of: nodeName, slots: slotScope },
    },
  },
};

const tolerance = {
  type: 'object',
  additionalProperties: false,
  properties: { relative: { type: 'number', minimum: 0 }, absolute: time },
};

export const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['cluster', 'duration'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9._-]+$', description: 'a name of letters, digits, . _ -' },
    description: { type: 'string' },
    seed: { type: 'integer', minimum: 0 },
    duration: time,
    cluster: {
      type: 'object',
      additionalProperties: false,
      properties: {
        formation: { enum: ['create', 'meet'] },
        start: { enum: ['apart', 'together'], description: 'how the processes were started: each at its own moment, or all at once by one script' },
        create: {
          type: 'object',
          additionalProperties: false,
          required: ['masters'],
          properties: {
            masters: { type: 'integer', minimum: 1, maximum: LIMITS.nodes },
            replicas: { type: 'integer', minimum: 0, maximum: LIMITS.nodes },
            'first-port': { type: 'integer', minimum: 1, maximum: 55535 },
          },
        },
        nodes: namedList(LIMITS.nodes, {
          name: nodeName,
          port: { type: 'integer', minimum: 1, maximum: 55535 },
          'replica-of': nodeName,
          'config-epoch': { type: 'integer', minimum: 0, maximum: 2 ** 53 - 1 },
          'current-epoch': { type: 'integer', minimum: 0, maximum: 2 ** 53 - 1 },
          slots: { type: 'string', pattern: '^[0-9]+(-[0-9]+)?( +[0-9]+(-[0-9]+)?)*$', description: 'slot ranges such as "0-5460" or "0-99 200"' },
          config: options,
        }),
        config: options,
        'node-config': { type: 'object', additionalProperties: options },
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      properties: {
        profile: { type: 'string' },
        latency,
        loss: probability,
        'loss-mode': lossMode,
        duplicate: probability,
        'bandwidth-mbps': { type: 'number', exclusiveMinimum: 0 },
        'delayed-ack': time,
        links: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['from', 'to'],
            properties: { ...linkSel, latency, loss: probability, 'loss-mode': lossMode },
          },
        },
      },
    },
    workload: WORKLOAD_SCHEMA,
    events: { type: 'array', maxItems: LIMITS.events, items: eventSchema },
    expect: { type: 'array', maxItems: LIMITS.events, items: expectationSchema },
    check: {
      type: 'object',
      additionalProperties: false,
      properties: { tolerance, intervals: { type: 'object', additionalProperties: tolerance } },
    },
  },
};
