import { Micros } from '../engine/time';

/** One protocol event, as a row of events.csv. `node` is the observer ("-" for the simulator itself). */
export interface EventRow {
  timeUs: Micros;
  node: string;
  event: string;
  subject: string;
  epoch: number | '';
  detail: string;
}

/** A node's own view, recorded whenever it changes (nodes.csv). */
export interface ViewRow {
  timeUs: Micros;
  node: string;
  role: 'master' | 'replica' | 'down';
  master: string;
  currentEpoch: number;
  configEpoch: number;
  state: 'ok' | 'fail' | '';
  pfail: number;
  fail: number;
  slots: string;
}

/** The structured record of a run: every report is built from it. */
export class Journal {
  readonly events: EventRow[] = [];
  readonly views: ViewRow[] = [];
  private readonly lastView = new Map<string, ViewRow>();

  event(timeUs: Micros, node: string, event: string, subject: string, epoch: number | '', detail: string): void {
    this.events.push({ timeUs, node, event, subject, epoch, detail });
  }

  /** Append `row` unless it says the same as the node's previous row. */
  view(row: ViewRow): void {
    const last = this.lastView.get(row.node);
    if (last && sameView(last, row)) return;
    this.lastView.set(row.node, row);
    this.views.push(row);
  }
}

function sameView(a: ViewRow, b: ViewRow): boolean {
  return (
    a.role === b.role && a.master === b.master && a.currentEpoch === b.currentEpoch && a.configEpoch === b.configEpoch &&
    a.state === b.state && a.pfail === b.pfail && a.fail === b.fail && a.slots === b.slots
  );
}
