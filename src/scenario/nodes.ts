import { ClusterOptions, DEFAULT_OPTIONS, OPTION_ALIASES } from '../redis/config';
import { CLUSTER_SLOTS, SlotRange, SlotSet, splitSlotsLikeRedisCli } from '../redis/slotSet';
import { LIMITS } from './limits';
import { Problems } from './problems';
import { NodeSpec } from './types';

/** The `cluster:` section: nodes, roles, slots, and redis.conf options globally and per node. */

type RawOptions = Record<string, unknown>;
interface RawNode { name: string; port?: number; 'replica-of'?: string; slots?: string; config?: RawOptions; 'config-epoch'?: number; 'current-epoch'?: number }
export interface RawCluster {
  formation?: 'create' | 'meet';
  start?: 'apart' | 'together';
  create?: { masters: number; replicas?: number; 'first-port'?: number };
  nodes?: RawNode[];
  config?: RawOptions;
  'node-config'?: Record<string, RawOptions>;
}

/** Spreadsheet-style names: A..Z, AA, AB, ... */
export function masterName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Mirror `redis-cli --cluster create ... --cluster-replicas R`: masters first, then replicas A1, B1, ..., A2, ... */
function createNodes(c: NonNullable<RawCluster['create']>): RawNode[] {
  const firstPort = c['first-port'] ?? 7000;
  const replicas = c.replicas ?? 0;
  const slots = splitSlotsLikeRedisCli(c.masters);
  const out: RawNode[] = [];
  for (let i = 0; i < c.masters; i++) out.push({ name: masterName(i), port: firstPort + i, slots: slots[i].key });
  for (let r = 1; r <= replicas; r++) {
    for (let i = 0; i < c.masters; i++) {
      out.push({ name: `${masterName(i)}${r}`, port: firstPort + r * c.masters + i, 'replica-of': masterName(i) });
    }
  }
  return out;
}

export function compileNodes(raw: RawCluster, p: Problems): NodeSpec[] {
  if (!raw.create === !raw.nodes) {
    p.add(['cluster'], 'cluster: expected exactly one of "create" (3 masters with replicas, like redis-cli) or "nodes" (an explicit list)');
    return [];
  }
  if (raw.create && raw.create.masters * (1 + (raw.create.replicas ?? 0)) > LIMITS.nodes) {
    p.add(['cluster', 'create'], `cluster.create: expected at most ${LIMITS.nodes} nodes in all, found ${raw.create.masters} masters with ${raw.create.replicas ?? 0} replicas each`);
    return [];
  }
  const rawNodes = raw.create ? createNodes(raw.create) : (raw.nodes as RawNode[]);
  const where = raw.create ? (): (string | number)[] => ['cluster', 'create'] : (i: number): (string | number)[] => ['cluster', 'nodes', i];
  const names = rawNodes.map((n) => n.name);
  checkUnique(rawNodes, where, p);
  const base = applyOptions(DEFAULT_OPTIONS, raw.config, ['cluster', 'config'], p);
  for (const name of Object.keys(raw['node-config'] ?? {})) p.checkName(['cluster', 'node-config', name], name, names, true);
  /** The node claiming each slot, by index into rawNodes (-1: none). */
  const claimed = new Int32Array(CLUSTER_SLOTS).fill(-1);
  const configEpochs = rawNodes.map((n, i) => n['config-epoch'] ?? i + 1);
  const maxEpoch = Math.max(0, ...configEpochs);
  return rawNodes.map((n, i) => {
    let options = applyOptions(base, raw['node-config']?.[n.name], ['cluster', 'node-config', n.name], p);
    options = applyOptions(options, n.config, [...where(i), 'config'], p);
    const replicaOf = n['replica-of'] ?? null;
    if (replicaOf !== null) {
      const master = rawNodes.find((m) => m.name === replicaOf);
      if (!master) p.checkName([...where(i), 'replica-of'], replicaOf, names);
      else if (master['replica-of']) p.add([...where(i), 'replica-of'], `replica-of: ${replicaOf} is itself a replica; expected a master`);
      if (n.slots) p.add([...where(i), 'slots'], `slots: replica ${n.name} cannot own slots`);
    }
    const slots = n.slots ? parseSlotRanges(n.slots, [...where(i), 'slots'], p) : SlotSet.EMPTY;
    for (const [lo, hi] of slots.ranges) {
      for (let s = lo; s <= hi; s++) {
        const other = claimed[s];
        if (other >= 0 && rawNodes[other].name !== n.name) p.add([...where(i), 'slots'], `slots: slot ${s} is also owned by ${rawNodes[other].name}`);
        claimed[s] = i;
      }
    }
    const configEpoch = configEpochs[i];
    const currentEpoch = n['current-epoch'] ?? maxEpoch;
    if (currentEpoch < configEpoch) p.add([...where(i), 'current-epoch'], `current-epoch: expected at least its config-epoch ${configEpoch}, found ${currentEpoch}`);
    return { name: n.name, port: n.port ?? 7000 + i, replicaOf, slots, options, configEpoch, currentEpoch };
  });
}

function checkUnique(nodes: RawNode[], where: (i: number) => (string | number)[], p: Problems): void {
  const seenNames = new Set<string>();
  const seenPorts = new Map<number, string>();
  nodes.forEach((n, i) => {
    if (seenNames.has(n.name)) p.add([...where(i), 'name'], `name: ${n.name} is used twice`);
    seenNames.add(n.name);
    const port = n.port ?? 7000 + i;
    const other = seenPorts.get(port);
    if (other) p.add([...where(i), 'port'], `port: ${port} is already used by ${other}`);
    seenPorts.set(port, n.name);
  });
}

export function parseSlotRanges(text: string, path: (string | number)[], p: Problems): SlotSet {
  const ranges: SlotRange[] = [];
  for (const word of text.trim().split(/\s+/)) {
    const [a, b] = word.split('-').map(Number);
    const end = b ?? a;
    if (a > end || end > 16383) p.add(path, `slots: expected slot ranges within 0-16383, found "${word}"`);
    else ranges.push([a, end]);
  }
  return SlotSet.of(ranges);
}

/** Apply redis.conf options (by name or alias), checking each value's type. */
function applyOptions(base: Readonly<ClusterOptions>, raw: RawOptions | undefined, path: (string | number)[], p: Problems): ClusterOptions {
  const out: ClusterOptions = { ...base };
  for (const [key, value] of Object.entries(raw ?? {})) {
    const name = (OPTION_ALIASES[key] ?? key) as keyof ClusterOptions;
    const expected = typeof DEFAULT_OPTIONS[name];
    const parsed = expected === 'boolean' ? parseYesNo(value) : typeof value === 'number' && value >= 0 ? value : undefined;
    if (parsed === undefined) {
      p.add([...path, key], `${key}: expected ${expected === 'boolean' ? 'yes or no' : 'a number >= 0'}, found ${JSON.stringify(value)}`);
      continue;
    }
    (out as unknown as Record<string, unknown>)[name] = parsed;
  }
  return out;
}

function parseYesNo(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'yes') return true;
  if (v === 'no') return false;
  return undefined;
}
