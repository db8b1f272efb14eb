import { eventText } from '../journal/eventText';
import { Journal } from '../journal/journal';
import { wireGossip } from '../redis/messages';
import { csv, writeDirectory } from './files';
import { ExpectationResult } from './expectations';
import { Summary } from './summary';
import { WORKLOAD_FILES } from './workloadFiles';

/** Every file a run may write: a result directory holding only these is an earlier run's, and may be replaced. */
export const RUN_FILES = ['events.csv', 'nodes.csv', 'messages.csv', 'summary.json', 'report.html', ...WORKLOAD_FILES];

export const EVENT_COLUMNS = ['time_ms', 'node', 'event', 'subject', 'epoch', 'detail'];
export const NODE_COLUMNS = ['time_ms', 'node', 'role', 'master', 'current_epoch', 'config_epoch', 'cluster_state', 'pfail_nodes', 'fail_nodes', 'slots'];
export const MESSAGE_COLUMNS = ['sent_ms', 'delivered_ms', 'dropped', 'from', 'to', 'type', 'bytes', 'gossip'];

const t = (us: number): string => (us / 1000).toFixed(3);
const expectationEvent = (x: ExpectationResult): string => (!x.reached ? 'expectation_not_reached' : x.passed ? 'expectation_passed' : 'expectation_failed');

/** Write events.csv, nodes.csv, summary.json (and messages.csv when traced), and `extra` files, into `dir`, as one whole. */
export function writeRunOutputs(dir: string, journal: Journal, summary: Summary, extra: (files: Map<string, string>) => [string, string][] = () => []): void {
  const files = runOutputFiles(journal, summary);
  const more = extra(new Map(files));
  writeDirectory(dir, [...files, ...more], [...RUN_FILES, ...more.map(([name]) => name)]);
}

/** The contents of a run's files, by name. */
export function runOutputFiles(journal: Journal, summary: Summary): [string, string][] {
  const names = [...journal.scenario.nodes.map((n) => n.name), ...(journal.scenario.workload?.clients.map((c) => c.name) ?? [])];
  const name = (id: string): string => journal.displayName(id);
  const events = journal.events.map((e) => [t(e.timeUs), e.node, e.event, e.subject, e.epoch, eventText(e, name)]);
  // The end of the start-up phase, in its place in time.
  if (summary.formed_ms !== null) {
    const at = journal.events.findIndex((e) => e.timeUs / 1000 > (summary.formed_ms as number));
    events.splice(at < 0 ? events.length : at, 0, [t(summary.formed_ms * 1000), '-', 'cluster_formed', '', '', 'every node reports cluster_state ok: the start-up phase ends']);
  }
  // Expectations are judged when the run ends; their results close the timeline.
  const end = t(journal.end.timeUs);
  for (const x of summary.expectations) events.push([end, '-', expectationEvent(x), '', '', `${x.expectation}: ${x.observed}`]);
  const files: [string, string][] = [
    ['events.csv', csv(EVENT_COLUMNS, events)],
    [
      'nodes.csv',
      csv(NODE_COLUMNS, journal.views.map((v) => [t(v.timeUs), v.node, v.role, v.master, v.currentEpoch, v.configEpoch, v.state, v.pfail, v.fail, v.slots])),
    ],
  ];
  const trace = journal.end.messages;
  if (trace) {
    const rows = trace.map((m) => [t(m.sentUs), m.deliveredUs < 0 ? '' : t(m.deliveredUs), m.dropped ? 1 : 0, names[m.from], names[m.to], m.info.type, m.info.bytes, wireGossip(m.msg)]);
    files.push(['messages.csv', csv(MESSAGE_COLUMNS, rows)]);
  }
  files.push(['summary.json', JSON.stringify(summary, null, 2) + '\n']);
  return files;
}

