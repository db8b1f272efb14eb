import { RandomStream } from '../src/engine/random';
import { Simulator } from '../src/engine/simulator';
import { Connection } from '../src/net/connection';
import { Endpoint, Network } from '../src/net/network';
import { LinkConfig } from '../src/net/linkConfig';
import { DELAYED_ACK_US, TCP_SEND_BUFFER_BYTES } from '../src/net/tcp';

type Msg = { n: number };

/** Two or three hosts with endpoints that record what they see. */
function setup(config: Partial<LinkConfig> = {}, hosts = 2) {
  const sim = new Simulator();
  const base: LinkConfig = { latency: { base: 100, jitter: { kind: 'uniform', max: 500 } }, loss: 0, lossMode: 'tcp', duplicate: 0, ...config };
  const net = new Network<Msg>(sim, hosts, () => ({ type: 'm', bytes: 100, gossip: 0 }), (a, b) => ({ config: { ...base }, seed: RandomStream.seedOf(1, `${a}-${b}`) }));
  const log: { host: number; what: string; n?: number; t: number; segment?: number }[] = [];
  let serverConn: Connection<Msg> | undefined;
  for (let h = 0; h < hosts; h++) {
    const ep: Endpoint<Msg> = {
      connected: () => log.push({ host: h, what: 'connected', t: sim.now() }),
      connectFailed: () => log.push({ host: h, what: 'refused', t: sim.now() }),
      accepted: (c) => {
        serverConn = c;
        log.push({ host: h, what: 'accepted', t: sim.now() });
      },
      message: (_c, m) => log.push({ host: h, what: 'msg', n: m.n, t: sim.now() }),
      segment: (_c, ms) => ms.forEach((m) => log.push({ host: h, what: 'msg', n: m.n, t: sim.now(), segment: ms.length })),
      closed: () => log.push({ host: h, what: 'closed', t: sim.now() }),
    };
    net.attach(h, ep, [`h${h}`]);
    net.setHostUp(h, true);
  }
  return { sim, net, log, server: () => serverConn as Connection<Msg> };
}

const received = (log: { what: string; n?: number; host: number }[], host = 1) => log.filter((e) => e.what === 'msg' && e.host === host).map((e) => e.n);

/** A connection from host 0 to host 1, open, with TCP_NODELAY on both sides. */
function openNoDelay() {
  const t = setup();
  const conn = t.net.connect(0, 'h1');
  t.sim.run(10_000);
  t.net.setNoDelay(conn, 0);
  t.net.setNoDelay(t.server(), 1);
  return { ...t, conn };
}

describe('network', () => {
  test('messages on one connection arrive in order despite jitter', () => {
    const { sim, net, log } = setup();
    const conn = net.connect(0, 'h1');
    for (let n = 0; n < 50; n++) net.send(conn, 0, { n });
    sim.run(1_000_000);
    expect(received(log)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test('messages sent while connecting leave when the handshake completes', () => {
    const { sim, net, log } = setup({ latency: { base: 1000, jitter: { kind: 'constant' } } });
    const conn = net.connect(0, 'h1');
    net.send(conn, 0, { n: 1 });
    sim.run(10_000);
    const connected = log.find((e) => e.what === 'connected')?.t ?? 0;
    expect(connected).toBe(2000);
    expect(log.find((e) => e.what === 'msg')?.t).toBe(3000);
  });

  test('with segments, what a host writes at one instant arrives whole, in order; later writes travel on their own', () => {
    const { sim, net, log, conn } = openNoDelay();
    net.setSegments(conn);
    for (let n = 0; n < 5; n++) net.send(conn, 0, { n });
    sim.run(20_000);
    for (let n = 5; n < 8; n++) net.send(conn, 0, { n });
    sim.run(100_000);
    const msgs = log.filter((e) => e.what === 'msg');
    expect(msgs.map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(msgs.map((e) => e.segment)).toEqual([5, 5, 5, 5, 5, 3, 3, 3]);
    expect(new Set(msgs.slice(0, 5).map((e) => e.t)).size).toBe(1);
    expect(new Set(msgs.slice(5).map((e) => e.t)).size).toBe(1);
  });

  test('without segments, messages written at one instant each draw their own latency', () => {
    const { sim, net, log, conn } = openNoDelay();
    for (let n = 0; n < 5; n++) net.send(conn, 0, { n });
    sim.run(100_000);
    const msgs = log.filter((e) => e.what === 'msg');
    expect(msgs.every((e) => e.segment === undefined)).toBe(true);
    expect(new Set(msgs.map((e) => e.t)).size).toBeGreaterThan(1);
  });

  test('a lost segment is retransmitted after 200 ms and holds back what follows (TCP mode)', () => {
    const { sim, net, log } = setup({ latency: { base: 100, jitter: { kind: 'constant' } }, loss: 0.5 });
    const conn = net.connect(0, 'h1');
    sim.run(1000);
    for (let n = 0; n < 40; n++) net.send(conn, 0, { n });
    sim.run(100_000_000);
    const times = log.filter((e) => e.what === 'msg').map((e) => e.t);
    expect(received(log)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Math.max(...times) - 1000).toBeGreaterThanOrEqual(200_000);
    expect(times.some((t) => t - 1000 === 100)).toBe(true);
  });

  test('in drop mode a lost message vanishes and is counted as dropped', () => {
    const { sim, net, log } = setup({ loss: 0.5, lossMode: 'drop' });
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    for (let n = 0; n < 100; n++) net.send(conn, 0, { n });
    sim.run(1_000_000);
    const got = received(log).length;
    expect(got).toBeLessThan(80);
    expect(got + (net.stats.byType.get('m')?.dropped ?? 0)).toBe(100);
  });

  test('a connect to a dead host is refused within a round trip', () => {
    const { sim, net, log } = setup();
    net.setHostUp(1, false);
    net.connect(0, 'h1');
    sim.run(10_000);
    expect(log.map((e) => e.what)).toEqual(['refused']);
  });

  test('a crash resets the peer\'s connection at once and drops data in flight to the dead host', () => {
    const { sim, net, log } = setup();
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    net.send(conn, 0, { n: 1 });
    net.resetHost(1);
    sim.run(20_000);
    expect(log.filter((e) => e.host === 0).map((e) => e.what)).toEqual(['connected', 'closed']);
    expect(received(log)).toEqual([]);
  });

  test('a host that dies without unread data still delivers what a cut held, up to its send buffer, then its FIN; a reset loses it', () => {
    const deliveredAfterDeath = (graceful: boolean): { got: (number | undefined)[]; closedLast: boolean } => {
      const { sim, net, log } = setup({ latency: { base: 100, jitter: { kind: 'constant' } } });
      const conn = net.connect(0, 'h1');
      sim.run(10_000);
      net.block(0, 1);
      // 200 messages of 100 bytes: 20000 bytes, more than the 16384 a send buffer holds.
      for (let n = 0; n < 200; n++) net.send(conn, 0, { n });
      sim.run(500_000);
      net.resetHost(0, graceful);
      net.unblock(0, 1);
      sim.run(5_000_000);
      const mine = log.filter((e) => e.host === 1 && (e.what === 'msg' || e.what === 'closed'));
      return { got: received(log), closedLast: mine[mine.length - 1]?.what === 'closed' };
    };
    const kept = Math.floor(TCP_SEND_BUFFER_BYTES / 100);
    expect(deliveredAfterDeath(true)).toEqual({ got: Array.from({ length: kept }, (_, i) => i), closedLast: true });
    expect(deliveredAfterDeath(false)).toEqual({ got: [], closedLast: true });
  });

  test('a partition holds messages; after a heal they are delivered at the next retransmission', () => {
    const { sim, net, log } = setup({ latency: { base: 100, jitter: { kind: 'constant' } } });
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    net.block(0, 1);
    net.send(conn, 0, { n: 1 });
    sim.run(1_000_000);
    expect(received(log)).toEqual([]);
    net.unblock(0, 1);
    sim.run(5_000_000);
    // Retransmissions at +200, +600 ms, +1.4 s after the send at 10 ms: the first at or after the heal.
    expect(log.find((e) => e.what === 'msg')?.t).toBe(10_000 + 1_400_000 + 100);
  });

  test('a one-way partition stops one direction only', () => {
    const { sim, net, log, server } = setup();
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    net.block(1, 0);
    net.send(conn, 0, { n: 1 });
    net.send(server(), 1, { n: 2 });
    sim.run(100_000);
    expect(received(log, 1)).toEqual([1]);
    expect(received(log, 0)).toEqual([]);
  });

  test('a connect across a partition hangs and completes at the next SYN retry after the heal', () => {
    const { sim, net, log } = setup({ latency: { base: 100, jitter: { kind: 'constant' } } });
    net.block(1, 0);
    net.connect(0, 'h1');
    sim.run(2_000_000);
    expect(log).toEqual([]);
    net.unblock(1, 0);
    sim.run(10_000_000);
    expect(log.find((e) => e.what === 'connected')?.t).toBe(3_000_000 + 200);
  });

  test('a message to a connection freed during the partition is discarded after the heal', () => {
    const { sim, net, log, server } = setup();
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    net.block(0, 1);
    net.send(conn, 0, { n: 1 });
    net.close(server(), 1);
    net.unblock(0, 1);
    sim.run(5_000_000);
    expect(received(log)).toEqual([]);
  });

  test('counts sent, delivered and bytes per type and per host', () => {
    const { sim, net } = setup();
    const conn = net.connect(0, 'h1');
    for (let n = 0; n < 3; n++) net.send(conn, 0, { n });
    sim.run(1_000_000);
    expect(net.stats.byType.get('m')).toMatchObject({ sent: 3, delivered: 3, bytesSent: 300 });
    expect(net.stats.hostCounters(0).get('m')?.sent).toBe(3);
    expect(net.stats.hostCounters(1).get('m')?.delivered).toBe(3);
  });
});

describe('network: a link that loses everything', () => {
  test('loss 1 in tcp mode delivers nothing, ends in bounded time, and the connection times out on both sides', () => {
    const { sim, net, log } = setup({ loss: 1 });
    const conn = net.connect(0, 'h1');
    sim.run(10_000);
    for (let n = 0; n < 5; n++) net.send(conn, 0, { n });
    sim.run(2_000_000_000);
    expect(received(log)).toEqual([]);
    const closed = log.filter((e) => e.what === 'closed');
    expect(closed.map((e) => e.host).sort()).toEqual([0, 1]);
    // Linux gives up after tcp_retries2 = 15 retransmissions: 924.6 s from the first send.
    expect(closed[0].t).toBe(10_000 + 924_600_000);
  });
});

describe('Nagle and delayed ACKs (a socket without TCP_NODELAY)', () => {
  const constant = { latency: { base: 50, jitter: { kind: 'constant' as const } } };
  const arrivals = (log: { what: string; n?: number; host: number; t: number }[], host = 1) => log.filter((e) => e.what === 'msg' && e.host === host).map((e) => e.t);

  test('a message waits behind unacknowledged data until the receiver\'s delayed ACK', () => {
    const { sim, net, log } = setup(constant);
    const conn = net.connect(0, 'h1');
    sim.run(1_000);
    net.send(conn, 0, { n: 1 });
    net.send(conn, 0, { n: 2 });
    net.send(conn, 0, { n: 3 });
    sim.run(1_000_000);
    const [first, second, third] = arrivals(log);
    // The ACK leaves DELAYED_ACK_US after the first arrival and takes one way back; 2 and 3 then leave together.
    expect(second - first).toBe(DELAYED_ACK_US + 50 + 50);
    expect(third).toBe(second);
  });

  test('data the receiver sends back carries the ACK, so the next message leaves at once', () => {
    const { sim, net, log, server } = setup(constant);
    const conn = net.connect(0, 'h1');
    sim.run(1_000);
    net.send(conn, 0, { n: 1 });
    net.send(conn, 0, { n: 2 });
    sim.run(1_050);
    net.send(server(), 1, { n: 100 });
    sim.run(1_000_000);
    const [first, second] = arrivals(log);
    expect(second - first).toBe(50 + 50);
  });

  test('TCP_NODELAY on the sending side lets every message leave at once', () => {
    const { sim, net, log } = setup(constant);
    const conn = net.connect(0, 'h1');
    net.setNoDelay(conn, 0);
    sim.run(1_000);
    for (let n = 1; n <= 3; n++) net.send(conn, 0, { n });
    sim.run(1_000_000);
    expect(new Set(arrivals(log)).size).toBe(1);
  });

  test('a graceful close pushes out what Nagle held; the peer gets it before the FIN', () => {
    const { sim, net, log } = setup(constant);
    const conn = net.connect(0, 'h1');
    sim.run(1_000);
    net.send(conn, 0, { n: 1 });
    net.send(conn, 0, { n: 2 });
    net.close(conn, 0);
    sim.run(1_000_000);
    expect(received(log)).toEqual([1, 2]);
    const closedAt = log.find((e) => e.host === 1 && e.what === 'closed')?.t as number;
    expect(closedAt).toBeGreaterThanOrEqual(Math.max(...arrivals(log)));
  });
});
