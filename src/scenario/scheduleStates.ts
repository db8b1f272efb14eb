import { EventQueue } from '../engine/eventQueue';
import { ProcessEffect } from '../faults/fault';
import { ProcessState } from '../journal/journal';

/** A fault's effect on the processes it names, due at `atUs` in schedule order `seq`. */
interface Due {
  atUs: number;
  seq: number;
  nodes: string[];
  effect: ProcessEffect;
  /** Told when the fault finds a node in a state it does not act on. */
  refuse: (node: string, state: ProcessState) => void;
}

/**
 * Each process's state as the schedule leaves it, walked forward in schedule order while events
 * compile: it tells which nodes are live for a random pick, and which faults would do nothing.
 */
export class ScheduleStates {
  private readonly state = new Map<string, ProcessState>();
  private readonly queue = new EventQueue();

  constructor(names: readonly string[]) {
    for (const n of names) this.state.set(n, 'running');
  }

  isLive(name: string): boolean {
    return this.state.get(name) === 'running';
  }

  add(due: Due): void {
    this.queue.push({ time: due.atUs, seq: due.seq, cancelled: false, action: () => this.apply(due) });
  }

  /** Apply every effect due before (`atUs`, `seq`). */
  advanceTo(atUs: number, seq = Infinity): void {
    for (let next = this.queue.peek(); next && (next.time < atUs || (next.time === atUs && next.seq < seq)); next = this.queue.peek()) {
      this.queue.pop();
      next.action();
    }
  }

  private apply(due: Due): void {
    for (const node of due.nodes) {
      const now = this.state.get(node) as ProcessState;
      if (due.effect.accepts.includes(now)) this.state.set(node, due.effect.becomes);
      else due.refuse(node, now);
    }
  }
}
