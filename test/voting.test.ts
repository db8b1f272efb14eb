import { NodeFlag, MFLAG_FORCEACK } from '../src/redis/messages';
import { deliver, messageFrom, nodeOf, rec } from './helpers/fakeNode';
import { NodeEvent } from '../src/redis/trace';

/** The reason of the first vote refusal `c` journaled. */
const denial = (c: { env: { events: NodeEvent[] } }): string | undefined =>
  c.env.events.find((e): e is NodeEvent<'vote_denied'> => e.event === 'vote_denied')?.detail.reason;

/** A master's voting rules (clusterSendFailoverAuthIfNeeded). */
describe('a master voting in a replica election', () => {
  function masterWithFailedC() {
    const c = nodeOf('A');
    rec(c, 'C').flags |= NodeFlag.FAIL;
    return c;
  }
  const request = (c: ReturnType<typeof nodeOf>, from: string, epoch: number, extra = {}) =>
    messageFrom(c, from, 'auth-req', { currentEpoch: epoch, ...extra });

  test('grants a vote to a replica of a FAIL master and records lastVoteEpoch', () => {
    const c = masterWithFailedC();
    deliver(c, request(c, 'C1', 7));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(1);
    expect(c.node.lastVoteEpoch).toBe(7);
  });

  test('refuses a second vote in the same epoch', () => {
    const c = masterWithFailedC();
    rec(c, 'B').flags |= NodeFlag.FAIL;
    deliver(c, request(c, 'C1', 7));
    deliver(c, request(c, 'B1', 7));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(1);
    expect(denial(c)).toMatch(/already voted in epoch 7/);
  });

  test('refuses when the master of the requester is not failing and FORCEACK is absent', () => {
    const c = nodeOf('A');
    deliver(c, request(c, 'C1', 7));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(0);
  });

  test('grants with FORCEACK although the master is up (manual failover)', () => {
    const c = nodeOf('A');
    deliver(c, request(c, 'C1', 7, { mflags: MFLAG_FORCEACK }));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(1);
  });

  test('refuses a request whose epoch is older than its currentEpoch', () => {
    const c = masterWithFailedC();
    c.node.currentEpoch = 9;
    deliver(c, request(c, 'C1', 8));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(0);
  });

  test('votes for replicas of the same master at most once per 2 * node timeout', () => {
    const c = masterWithFailedC();
    deliver(c, request(c, 'C1', 7));
    c.env.time += 9_000;
    deliver(c, request(c, 'C1', 8));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(1);
    c.env.time += 2_000;
    deliver(c, request(c, 'C1', 9));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(2);
  });

  test('refuses when a claimed slot has a newer configEpoch than the request carries', () => {
    const c = masterWithFailedC();
    deliver(c, request(c, 'C1', 7, { configEpoch: 1 }));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(0);
    expect(denial(c)).toMatch(/configEpoch 3 > 1/);
  });

  test('a replica never votes', () => {
    const c = nodeOf('A1');
    rec(c, 'C').flags |= NodeFlag.FAIL;
    deliver(c, request(c, 'C1', 7));
    expect(c.env.sentOfType('auth-ack')).toHaveLength(0);
  });
});
