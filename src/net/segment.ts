import type { MessageInfo, MessageRecord } from './network';

/** The messages that joined a segment after its first. */
interface Joined<M> {
  msgs: M[];
  infos: MessageInfo[];
  recs: (MessageRecord<M> | undefined)[];
}

/**
 * Messages a host wrote on one direction of a connection at one instant: they leave as one
 * segment, arrive together and are read at once. Most hold one message, so the first is kept in
 * fields and the arrays for the ones that join it are made only when one does.
 */
export class Segment<M> {
  private joined: Joined<M> | null = null;

  constructor(
    readonly msg: M,
    readonly info: MessageInfo,
    readonly rec: MessageRecord<M> | undefined,
  ) {}

  get size(): number {
    return 1 + (this.joined?.msgs.length ?? 0);
  }

  join(msg: M, info: MessageInfo, rec: MessageRecord<M> | undefined): void {
    const j = (this.joined ??= { msgs: [], infos: [], recs: [] });
    j.msgs.push(msg);
    j.infos.push(info);
    j.recs.push(rec);
  }

  /** Every message, in the order written. */
  messages(): M[] {
    return [this.msg, ...(this.joined?.msgs ?? [])];
  }

  infos(): MessageInfo[] {
    return [this.info, ...(this.joined?.infos ?? [])];
  }

  recs(): (MessageRecord<M> | undefined)[] {
    return [this.rec, ...(this.joined?.recs ?? [])];
  }
}
