import { compileScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { problems } from './helpers/problems';

/** The first problem reported for `text`, as "line:column: message". */
function problem(text: string): string {
  try {
    compileScenario('s.yaml', text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const p = e.problems[0];
    return `${p.line}:${p.column}: ${p.message}`;
  }
  return 'no problem';
}

const base = (extra: string) => `duration: 30s
cluster:
  create: { masters: 3, replicas: 1 }
  config:
    cluster-node-timeout: 5000
${extra}`;

describe('scenario validation', () => {
  test('a good file compiles: shorthand names, ports and redis-cli slot ranges', () => {
    const s = compileScenario('s.yaml', base('events:\n  - { at: 10s, crash: C }\n'));
    expect(s.nodes.map((n) => `${n.name}:${n.port}:${n.replicaOf ?? '-'}:${n.slots.key}`)).toEqual([
      'A:7000:-:0-5460', 'B:7001:-:5461-10922', 'C:7002:-:10923-16383', 'A1:7003:A:', 'B1:7004:B:', 'C1:7005:C:',
    ]);
    expect(s.schedule[0]).toMatchObject({ atUs: 10_000_000, fault: { kind: 'crash', params: ['C'] } });
    expect(s.nodes[0].options['cluster-node-timeout']).toBe(5000);
  });

  test('an unknown node name is reported at its position with a suggestion', () => {
    expect(problem(base('events:\n  - { at: 10s, crash: C2 }\n'))).toBe('7:23: unknown node "C2": did you mean "C"?');
  });

  test('a time without a unit says what was expected and what was found', () => {
    expect(problem(base('events:\n  - { at: 10, crash: C }\n'))).toBe('7:11: events[0].at: expected a time with a unit (50us, 250ms, 10s, 2m), found 10');
  });

  test('a value of one alternative\'s type gets that alternative\'s error; one that fits none gets the list', () => {
    const keys = (v: string) => problem(base(`workload:\n  clients:\n    - { name: app, writes: 10, keys: ${v} }\n`));
    expect(keys('{ count: 0 }')).toBe('8:47: workload.clients[0].keys.count: must be >= 1, found 0');
    expect(keys('ten')).toMatch(/^8:38: workload.clients\[0\].keys: expected a key count, or \{count: N/);
    expect(problem(base('expect:\n  - cluster-state: { state: ok, nodes: live, by: endd }\n'))).toBe('7:50: expect[0].cluster-state.by: expected a time with a unit, or "end", found "endd"');
  });

  test('a workload: section with an error is reported once, not again by the expectations that judge its writes', () => {
    const workload = 'workload:\n  clients:\n    - { name: app, writes: 10, keys: 100, wait: { replicas: 1, timeout: 0 } }\n';
    expect(problems(base(`${workload}expect:\n  - lost-writes: { at-most: 0 }\n`))).toEqual(['8:73: workload.clients[0].wait.timeout: expected a time with a unit (50us, 250ms, 10s, 2m), found 0']);
    expect(problems(base('expect:\n  - lost-writes: { at-most: 0 }\n'))).toEqual(['7:5: lost-writes: expected a workload: section, found none; clients make the writes this judges']);
  });

  test('a misspelt redis.conf option gets a suggestion', () => {
    const text = base('').replace('cluster-node-timeout', 'cluster-node-timout');
    expect(problem(text)).toBe('5:5: unknown field "cluster-node-timout" in cluster.config: did you mean "cluster-node-timeout"?');
  });

  test('a missing required field is named', () => {
    expect(problem('cluster:\n  create: { masters: 3 }\n')).toBe('1:1: the file: missing field "duration"');
  });

  test('an event with two actions is refused', () => {
    expect(problem(base('events:\n  - { at: 1s, crash: A, pause: B }\n'))).toMatch(/^7:5: events\[0\]: expected exactly one action .* found crash and pause$/);
  });

  test('bad YAML is reported with its position', () => {
    expect(problem('duration: [1s\ncluster: {}\n')).toMatch(/^\d+:\d+: not valid YAML/);
  });

  test('slots owned twice and replicas of unknown masters are refused', () => {
    const text = `duration: 1s
cluster:
  nodes:
    - { name: A, slots: 0-100 }
    - { name: B, slots: 100-16383 }
    - { name: A1, replica-of: X }
`;
    try {
      compileScenario('s.yaml', text);
      throw new Error('expected an error');
    } catch (e) {
      const msgs = (e as InputError).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
      expect(msgs).toContain('5:25: slots: slot 100 is also owned by A');
      expect(msgs.some((m) => m.startsWith('6:31: unknown node "X"'))).toBe(true);
    }
  });

  test('random picks come from the scenario stream: same seed same pick', () => {
    const text = base('events:\n  - { at: 1s, crash: { random: masters, count: 2 } }\n');
    const pick = (seed: number) => (compileScenario('s.yaml', text, seed).schedule[0].fault.params as string[]).join(',');
    expect(pick(5)).toBe(pick(5));
    const picks = new Set(Array.from({ length: 20 }, (_, i) => pick(i)));
    expect(picks.size).toBeGreaterThan(1);
  });

  test('repeat and for expand into a flapping schedule', () => {
    const s = compileScenario('s.yaml', base('events:\n  - { at: 10s, isolate: C, for: 1s, repeat: { every: 5s, times: 3 } }\n'));
    expect(s.schedule.map((x) => `${x.atUs / 1e6}:${x.fault.kind}${x.undo ? ' undone' : ''}`)).toEqual(['10:isolate', '11:isolate undone', '15:isolate', '16:isolate undone', '20:isolate', '21:isolate undone']);
  });
});

describe('YAML the data step cannot take is reported with its position', () => {
  test('an alias that names no anchor', () => {
    expect(problem('duration: 10s\ncluster: *nope\n')).toBe('2:10: not valid YAML: the alias *nope names no anchor defined before it');
  });

  test('an alias bomb is refused, not expanded', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']]) rows.push(`${name}: &${name} [${Array(9).fill('*' + prev).join(', ')}]`);
    expect(problem(rows.join('\n') + '\n')).toMatch(/^2:\d+: not valid YAML: aliases expand beyond 1000 nodes/);
  });

  test('a mapping used as a key, with no Node warning', () => {
    const warn = jest.spyOn(process, 'emitWarning');
    expect(problem(base('{a: 1}: 2\n'))).toBe('6:1: expected a plain key (a name), found a mapping used as a key');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('validation says everything at once, and says it plainly', () => {
  const all = (text: string): string[] => {
    try {
      compileScenario('s.yaml', text);
    } catch (e) {
      return (e as InputError).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    }
    return [];
  };

  test('schema, name and value problems of different events and expectations come in one pass, in file order', () => {
    const text = base('events:\n  - { at: 1s, crash: D }\n  - { at: 10, crash: C }\nexpect:\n  - role: { node: Q, is: master }\n  - role: { node: C1, is: boss }\n');
    expect(all(text).map((m) => m.split(':')[0])).toEqual(['7', '8', '10', '11']);
  });

  test('a node in two partition groups, and a partition of one group, are refused with what to write instead', () => {
    expect(all(base('events:\n  - { at: 1s, partition: [[A, B], [B, C]] }\n'))).toEqual(['7:35: partition: B is in group 1 and in group 2; a node can be on one side only']);
    expect(all(base('events:\n  - { at: 1s, partition: [[A, A1]] }\n'))[0]).toMatch(/expected two or more groups, found one; .* use isolate: \[A,A1\]/);
  });

  test('suggestions only for likely typos', () => {
    expect(all(base('events:\n  - { at: 1s, crash: D }\n'))[0]).toMatch(/unknown node "D"; known nodes: A, B, C/);
    expect(all(base('events:\n  - { at: 1s, crash: C11 }\n'))[0]).toMatch(/unknown node "C11": did you mean "C1"\?/);
  });
});
