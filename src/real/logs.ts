import { Micros } from '../engine/time';
import { EventDetails, EventName } from '../journal/journal';

/**
 * What a real server's log (loglevel verbose) says that polling cannot see: election delays,
 * elections started and won, votes, FAIL (by quorum or by message) and its clearing. Times have the
 * log's millisecond resolution. The log does not count votes: a won election reports the quorum.
 */
export interface LoggedEvent<E extends EventName = EventName> {
  timeUs: Micros;
  event: E;
  subject: string;
  epoch: number | '';
  detail: EventDetails[E];
}

const LINE = /^\d+:[A-Z] (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) . (.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Unix ms of a log line's time stamp (the servers log in UTC), or null for other lines. */
export function logLineTime(line: string): { ms: number; text: string } | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const [, d, mon, y, h, mi, s, ms, text] = m;
  return { ms: Date.UTC(Number(y), MONTHS.indexOf(mon), Number(d), Number(h), Number(mi), Number(s), Number(ms)), text };
}

/**
 * A log line's stamp is its millisecond, truncated: what it tells happened within [ms, ms + 1), and
 * not before a command the driver gave the node in that millisecond (`commandsUs`). Its time is the
 * middle of what is left, so that a TAKEOVER's promotion never comes before the CLUSTER FAILOVER
 * that made it. `toUs` maps unix ms to the trial's µs.
 */
export function logStampToUs(toUs: (ms: number) => Micros, commandsUs: readonly Micros[]): (ms: number) => Micros {
  return (ms) => {
    const from = toUs(ms);
    const to = from + 1000;
    const lo = commandsUs.reduce((m, c) => (c > m && c < to ? c : m), from);
    return Math.round((lo + to) / 2);
  };
}

/**
 * The events of one node's log. `name` maps a node id to its scenario name; `toUs` maps unix ms to
 * the trial's virtual µs; `quorum` is the number of votes or reports a majority of masters needs.
 */
export function parseLog(text: string, name: (id: string) => string, toUs: (ms: number) => Micros, quorum: number): { events: LoggedEvent[]; promotions: Micros[] } {
  const out: LoggedEvent[] = [];
  /** When the node made itself master (an election won, or TAKEOVER): polls see it up to a poll later. */
  const promotions: Micros[] = [];
  let rank = 0;
  let manual = false;
  let epoch = 0;
  const push = <E extends EventName>(timeUs: Micros, event: E, subject: string, epoch: number | '', detail: EventDetails[E]): void => {
    if (timeUs >= 0) out.push({ timeUs, event, subject, epoch, detail } as LoggedEvent);
  };
  for (const line of text.split('\n')) {
    const l = logLineTime(line);
    if (!l) continue;
    const t = toUs(l.ms);
    const x = l.text;
    let m: RegExpExecArray | null;
    if ((m = /Start of election delayed for (\d+) milliseconds \(rank #(\d+), offset (\d+)\)/.exec(x))) {
      rank = Number(m[2]);
      push(t, 'election_scheduled', '', '', { delay_ms: Number(m[1]), rank, offset: Number(m[3]) });
    } else if (/(Manual|Forced) failover user request accepted/.test(x)) manual = true;
    else if ((m = /Starting a failover election for epoch (\d+)/.exec(x))) {
      epoch = Number(m[1]);
      push(t, 'election_started', '', epoch, manual ? { manual: true } : { rank });
    } else if (/Failover election won/.test(x)) {
      push(t, 'election_won', '', epoch, { votes: quorum, needed: quorum });
      promotions.push(t);
      manual = false;
    } else if (/Taking over the master \(user request\)/.test(x)) promotions.push(t); else if ((m = /Marking node ([0-9a-f]{40}) as failing \(quorum reached\)/.exec(x))) push(t, 'fail_set', name(m[1]), '', { quorum, needed: quorum });
    else if ((m = /FAIL message received from ([0-9a-f]{40}) about ([0-9a-f]{40})/.exec(x))) push(t, 'fail_set', name(m[2]), '', { from: name(m[1]) });
    else if ((m = /Clear FAIL state for node ([0-9a-f]{40})/.exec(x))) push(t, 'fail_cleared', name(m[1]), '', { nobody_took_slots: x.includes('nobody') });
    else if ((m = /Failover auth granted to ([0-9a-f]{40}) .*for epoch (\d+)/.exec(x))) push(t, 'vote_granted', name(m[1]), Number(m[2]), { ack_sent: true });
    else if ((m = /Failover auth denied to ([0-9a-f]{40})[^:]*: (.*)/.exec(x))) push(t, 'vote_denied', name(m[1]), '', { reason: m[2] });
  }
  return { events: out, promotions };
}
