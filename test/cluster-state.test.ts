import { updateState } from '../src/redis/clusterState';
import { NodeFlag } from '../src/redis/messages';
import { nodeOf, rec } from './helpers/fakeNode';

/** clusterUpdateState: coverage, the minority rule, writable and rejoin delays. */
describe('cluster state', () => {
  test('a replica turns ok at once; a master waits the 2 s writable delay', () => {
    const r = nodeOf('A1');
    updateState(r.node);
    expect(r.node.state).toBe('ok');
    const m = nodeOf('A');
    updateState(m.node);
    expect(m.node.state).toBe('fail');
    m.env.time += 2000;
    updateState(m.node);
    expect(m.node.state).toBe('ok');
  });

  test('a FAIL slot owner makes the state fail when full coverage is required, but not otherwise', () => {
    const r = nodeOf('A1');
    rec(r, 'C').flags |= NodeFlag.FAIL;
    updateState(r.node);
    expect(r.node.state).toBe('fail');
    const lax = nodeOf('A1', { 'cluster-require-full-coverage': false });
    rec(lax, 'C').flags |= NodeFlag.FAIL;
    updateState(lax.node);
    expect(lax.node.state).toBe('ok');
  });

  test('PFAIL alone does not break coverage, but a minority of reachable masters does', () => {
    const r = nodeOf('A1');
    rec(r, 'C').flags |= NodeFlag.PFAIL;
    updateState(r.node);
    expect(r.node.state).toBe('ok');
    rec(r, 'B').flags |= NodeFlag.PFAIL;
    updateState(r.node);
    expect(r.node.state).toBe('fail');
  });

  test('a master back from the minority waits the rejoin delay (NT clamped to 500..5000)', () => {
    const m = nodeOf('A');
    updateState(m.node);
    m.env.time += 2000;
    rec(m, 'B').flags |= NodeFlag.PFAIL;
    rec(m, 'C').flags |= NodeFlag.PFAIL;
    updateState(m.node);
    expect(m.node.state).toBe('fail');
    rec(m, 'B').flags &= ~NodeFlag.PFAIL;
    rec(m, 'C').flags &= ~NodeFlag.PFAIL;
    m.env.time += 4999;
    updateState(m.node);
    expect(m.node.state).toBe('fail');
    m.env.time += 2;
    updateState(m.node);
    expect(m.node.state).toBe('ok');
  });
});
