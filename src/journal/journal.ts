import { Micros } from '../engine/time';
import { MessageRecord } from '../net/network';
import { Counter } from '../net/stats';
import { WireMessage } from '../redis/messages';
import { NodeEventDetails } from '../redis/trace';
import { SlotSet } from '../redis/slotSet';
import { OpRecord } from '../workload/history';
import { Value } from '../redis/dataset';
import { Scenario } from '../scenario/types';

/**
 * The one record of a run. The simulation writes it; every CSV, summary, expectation and report is
 * built from it alone, never from live nodes or the network.
 */

/** A fault or operator action as applied: what it was called and the nodes it touched. */
export interface FaultDetail {
  /** The fault kind's key (`crash`, `partition`, ...). */
  kind: string;
  label: string;
  nodes: string[];
  /** The occurrence in the schedule; its undo (`for:`) names the same one. */
  occurrence: number;
  undo: boolean;
  /** Whether a failover that follows may be blamed on it. */
  cause: boolean;
}

/** Events the simulator itself records (its rows have node "-"), beside the nodes' own. */
export interface SimEventDetails {
  fault: FaultDetail;
  action: FaultDetail;
  command_error: { command: string; error: string };
  /** An operator's reshard (sim/reshard.ts) moved all its slots. */
  reshard_done: { from: string; to: string; slots: number; keys: number };
  /** A process started, stopped (SIGSTOP), resumed or died. */
  process_state: { state: ProcessState };
  /** A fault that did nothing to this node: it was in a state the fault does not act on. */
  fault_ignored: { label: string; state: ProcessState };
}

export type EventDetails = NodeEventDetails & SimEventDetails;
export type EventName = keyof EventDetails;

/** One event of the run. `node` is the observer ("-" for the simulator), `subject` the node it is about. */
export interface EventRecord<E extends EventName = EventName> {
  timeUs: Micros;
  node: string;
  event: E;
  subject: string;
  epoch: number | '';
  detail: EventDetails[E];
}

/** Any event, as a union the event name narrows. */
export type AnyEvent = { [E in EventName]: EventRecord<E> }[EventName];

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

export type ProcessState = 'running' | 'paused' | 'dead';

export interface ProcessRecord {
  timeUs: Micros;
  node: string;
  state: ProcessState;
}

/** Who owns which slots, as one live node's table says at the end of the run. */
export interface SlotMap {
  node: string;
  owners: { owner: string; slots: SlotSet }[];
}

/** What is known only when the run ends. */
export interface RunEnd {
  timeUs: Micros;
  eventsProcessed: number;
  /** Bus and replication traffic: totals per message type, and per host (index of scenario.nodes). */
  traffic: { byType: [string, Counter][]; byHost: [string, Counter][][]; sentPerSecond: [string, number[]][] };
  slotMaps: SlotMap[];
  /** Every message, when traced. */
  messages: MessageRecord<WireMessage>[] | null;
  /** The clients' operations, and each written key's value as its final owner holds it; null without a workload. */
  workload: WorkloadEnd | null;
}

export interface WorkloadEnd {
  ops: OpRecord[];
  /** Per written key: the value read from its slot's final owner, undefined if it has none or lacks the key. */
  finalValues: Map<string, Value | undefined>;
  /** Per slot: the node its keys were read from ('' when no live master serves it). */
  finalOwners: string[];
}

export class Journal {
  readonly events: AnyEvent[] = [];
  readonly views: ViewRow[] = [];
  readonly processes: ProcessRecord[] = [];
  private readonly lastView = new Map<string, ViewRow>();
  private readonly nameOfId = new Map<string, string>();
  private ended: RunEnd | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    nodeIds: string[],
  ) {
    nodeIds.forEach((id, i) => this.nameOfId.set(id, scenario.nodes[i].name));
  }

  /** A node id as reports show it: the scenario name when known. */
  displayName(id: string): string {
    return this.nameOfId.get(id) ?? id.slice(0, 8);
  }

  event<E extends EventName>(timeUs: Micros, node: string, event: E, subject: string, epoch: number | '', detail: EventDetails[E]): void {
    this.events.push({ timeUs, node, event, subject, epoch, detail } as AnyEvent);
  }

  /** Append `row` unless it says the same as the node's previous row. */
  view(row: ViewRow): void {
    const last = this.lastView.get(row.node);
    if (last && sameView(last, row)) return;
    this.lastView.set(row.node, row);
    this.views.push(row);
  }

  process(timeUs: Micros, node: string, state: ProcessState): void {
    this.processes.push({ timeUs, node, state });
    this.event(timeUs, '-', 'process_state', node, '', { state });
  }

  finish(end: RunEnd): void {
    this.ended = end;
  }

  get end(): RunEnd {
    if (!this.ended) throw new Error('the run has not ended');
    return this.ended;
  }
}

function sameView(a: ViewRow, b: ViewRow): boolean {
  return (
    a.role === b.role && a.master === b.master && a.currentEpoch === b.currentEpoch && a.configEpoch === b.configEpoch &&
    a.state === b.state && a.pfail === b.pfail && a.fail === b.fail && a.slots === b.slots
  );
}
