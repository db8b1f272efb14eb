import { CLUSTER_SLOTS, SlotSet } from '../redis/slotSet';
import { ClientPolicy, ClientSpec, IOREDIS_DEFAULTS, KeySpace, NUMERIC_POLICY_NAMES, WorkloadSpec } from '../workload/spec';
import { LIMITS } from './limits';
import { parseLatency, RawLatency } from './network';
import { parseSlotRanges } from './nodes';
import { Problems } from './problems';
import { latency, namedList, nodeName, time } from './schemaParts';
import { parseTime } from './time';
import { LatencyModel } from '../net/latency';
import { NodeSpec } from './types';

/** The `workload:` section: clients, where they stand, what they send, and how they retry. */

interface RawClient {
  name: string;
  near?: string;
  latency?: RawLatency;
  'latency-to'?: Record<string, RawLatency>;
  from?: string;
  until?: string;
  writes?: number;
  reads?: number;
  arrival?: 'fixed' | 'poisson';
  keys?: number | { count?: number; slots?: string; of?: string };
  command?: 'set' | 'incr' | 'rpush' | 'mset';
  wait?: { replicas: number; timeout?: string };
  options?: Partial<ClientPolicy>;
}
export interface RawWorkload {
  clients: RawClient[];
}

const rate = { type: 'number', minimum: 0, maximum: LIMITS.opsPerSecond, description: 'operations per second' };
const policyProps = {
  ...Object.fromEntries(NUMERIC_POLICY_NAMES.map((n) => [n, { type: 'integer', minimum: 0, maximum: LIMITS.timeUs / 1000 }])),
  scaleReads: { enum: ['master', 'slave', 'all'], description: 'where reads go: the master, a replica (READONLY), or either' },
};

export const WORKLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clients'],
  properties: {
    clients: namedList(LIMITS.clients, {
      name: nodeName,
      near: nodeName,
      latency,
      'latency-to': { type: 'object', additionalProperties: latency, description: 'per node: its latency to and from this client' },
      from: time,
      until: time,
      writes: rate,
      reads: rate,
      arrival: { enum: ['fixed', 'poisson'] },
      keys: {
        description: 'a key count, or {count: N, slots: "0-99"} or {count: N, of: <master>}',
        anyOf: [
          { type: 'integer', minimum: 1, maximum: LIMITS.keys },
          {
            type: 'object',
            additionalProperties: false,
            properties: { count: { type: 'integer', minimum: 1, maximum: LIMITS.keys }, slots: { type: 'string' }, of: nodeName },
          },
        ],
      },
      command: { enum: ['set', 'incr', 'rpush', 'mset'], description: 'what a write is (mset: MSET of two keys of one slot; its reads are MGET)' },
      wait: {
        type: 'object',
        additionalProperties: false,
        required: ['replicas'],
        properties: { replicas: { type: 'integer', minimum: 0, maximum: LIMITS.nodes }, timeout: time },
      },
      options: { type: 'object', additionalProperties: false, properties: policyProps, description: 'ioredis Cluster options (times in ms)' },
    }),
  },
};

const DEFAULT_KEYS = 1000;

export function compileWorkload(raw: RawWorkload | undefined, nodes: NodeSpec[], base: LatencyModel, durationUs: number, p: Problems): WorkloadSpec | null {
  if (!raw) return null;
  const names = nodes.map((n) => n.name);
  const seen = new Set<string>();
  const clients = raw.clients.map((c, i): ClientSpec => {
    const at = ['workload', 'clients', i];
    if (seen.has(c.name) || names.includes(c.name)) p.add([...at, 'name'], `workload: the name "${c.name}" is taken by ${seen.has(c.name) ? 'another client' : 'a node'}`);
    seen.add(c.name);
    if (c.near !== undefined) p.checkName([...at, 'near'], c.near, names);
    for (const n of Object.keys(c['latency-to'] ?? {})) p.checkName([...at, 'latency-to', n], n, names, true);
    const latency = parseLatency(c.latency ?? {}, base);
    const within = (t: string | undefined, field: string, fallback: number): number => {
      if (t === undefined) return fallback;
      const us = parseTime(t);
      if (us > durationUs) p.add([...at, field], `${field}: ${t} is after the end of the run (duration ${durationUs / 1e6}s)`);
      return us;
    };
    const fromUs = c.from === undefined ? null : within(c.from, 'from', 0);
    const untilUs = within(c.until, 'until', durationUs);
    if (fromUs !== null && untilUs <= fromUs) p.add([...at, 'until'], `until: expected a time after from (${c.from}), found ${c.until}`);
    const writes = c.writes ?? 0;
    const reads = c.reads ?? 0;
    if (writes + reads === 0) p.add(at, `workload client ${c.name}: expected writes or reads above 0 per second`);
    // Every operation is kept for the history: a rate meant per minute would otherwise fill memory for hours.
    const ops = Math.round(((writes + reads) * (untilUs - (fromUs ?? 0))) / 1e6);
    if (ops > LIMITS.operations) p.add(at, `workload client ${c.name}: expected at most ${LIMITS.operations.toLocaleString('en')} operations (rate x time), found ${ops.toLocaleString('en')}`);
    return {
      name: c.name,
      near: c.near ?? null,
      latency,
      latencyTo: Object.fromEntries(Object.entries(c['latency-to'] ?? {}).map(([n, l]) => [n, parseLatency(l, latency)])),
      fromUs,
      untilUs,
      writes,
      reads,
      arrival: c.arrival ?? 'fixed',
      keys: keySpace(c.keys, nodes, [...at, 'keys'], p),
      command: c.command ?? 'set',
      wait: c.wait ? { replicas: c.wait.replicas, timeoutMs: c.wait.timeout ? parseTime(c.wait.timeout) / 1000 : 0 } : null,
      policy: { ...IOREDIS_DEFAULTS, ...c.options },
    };
  });
  return { clients };
}

function keySpace(raw: RawClient['keys'], nodes: NodeSpec[], at: (string | number)[], p: Problems): KeySpace {
  if (raw === undefined || typeof raw === 'number') return { count: raw ?? DEFAULT_KEYS, slots: null };
  const count = raw.count ?? DEFAULT_KEYS;
  if (raw.slots !== undefined && raw.of !== undefined) p.add(at, 'keys: expected slots or of, not both');
  if (raw.slots !== undefined) return { count, slots: parseSlotRanges(raw.slots, [...at, 'slots'], p) };
  if (raw.of === undefined) return { count, slots: null };
  const master = nodes.find((n) => n.name === raw.of);
  if (!master) p.checkName([...at, 'of'], raw.of, nodes.map((n) => n.name));
  else if (master.slots.isEmpty) p.add([...at, 'of'], `keys.of: ${raw.of} owns no slots at the start; expected a master with slots`);
  return { count, slots: master && !master.slots.isEmpty ? master.slots : SlotSet.of([[0, CLUSTER_SLOTS - 1]]) };
}
