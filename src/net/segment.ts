import type { MessageInfo, MessageRecord } from './network';

/**
 * Messages a host wrote on one direction of a connection at one instant: they leave as one
 * segment, arrive together and are read at once. Most hold one message, so the first is kept in
 * fields and only the ones that join it in arrays.
 */
export class Segment<M> {
  private more: M[] | null = null;
  private moreInfos: MessageInfo[] = [];
  private moreRecs: (MessageRecord<M> | undefined)[] = [];

  constructor(
    readonly msg: M,
    readonly info: MessageInfo,
    readonly rec: MessageRecord<M> | undefined,
  ) {}

  get size(): number {
    return 1 + (this.more?.length ?? 0);
  }

  join(msg: M, info: MessageInfo, rec: MessageRecord<M> | undefined): void {
    (this.more ??= []).push(msg);
    this.moreInfos.push(info);
    this.moreRecs.push(rec);
  }

  /** Every message, in the order written. */
  messages(): M[] {
    return [this.msg, ...(this.more ?? [])];
  }

  infos(): MessageInfo[] {
    return [this.info, ...this.moreInfos];
  }

  recs(): (MessageRecord<M> | undefined)[] {
    return [this.rec, ...this.moreRecs];
  }
}
