import { RandomStream, STREAM_CELLS } from '../engine/random';
import { sampleLatency } from './latency';
import { LinkConfig } from './linkConfig';

/** A link as its factory makes it, on the link's first use: its config and the seed of its random stream. */
export interface LinkState {
  config: LinkConfig;
  seed: string;
}

/**
 * The directed paths between hosts: each one's config (latency, loss), its random stream, and
 * whether a partition cuts it. Indexed by host pair (from * hosts + to), made on first use.
 */
export class LinkTable {
  readonly configs: (LinkConfig | undefined)[];
  /**
   * The state of every link's stream in one array (STREAM_CELLS numbers per link): a million
   * streams at 1000 hosts, and a message's latency draw reads one place instead of three objects.
   */
  private readonly streams: Float64Array;
  private readonly blocked: Uint8Array;
  private blockedPairs = 0;

  constructor(
    private readonly hosts: number,
    private readonly factory: (from: number, to: number) => LinkState,
  ) {
    this.configs = new Array<LinkConfig | undefined>(hosts * hosts);
    this.streams = new Float64Array(hosts * hosts * STREAM_CELLS);
    this.blocked = new Uint8Array(hosts * hosts);
  }

  /** The link from `from` to `to`, as an index into the link arrays; its state is made on first use. */
  key(from: number, to: number): number {
    const key = from * this.hosts + to;
    if (this.configs[key] === undefined) {
      const made = this.factory(from, to);
      this.configs[key] = made.config;
      RandomStream.seedState(this.streams, key * STREAM_CELLS, made.seed);
    }
    return key;
  }

  /** The random stream of link `key` (a view of its state in the streams array). */
  rng(key: number): RandomStream {
    return new RandomStream(this.streams, key * STREAM_CELLS);
  }

  config(from: number, to: number): LinkConfig {
    return this.configs[this.key(from, to)] as LinkConfig;
  }

  /** Replace a link's config (configs are shared, never edited). */
  setConfig(from: number, to: number, config: LinkConfig): void {
    this.configs[this.key(from, to)] = config;
  }

  /** A one-way latency drawn from the link's own stream. */
  oneWay(from: number, to: number): number {
    const key = this.key(from, to);
    return sampleLatency((this.configs[key] as LinkConfig).latency, this.rng(key));
  }

  isBlocked(from: number, to: number): boolean {
    // Without a partition, skip the pair table: at 1000 hosts it is a megabyte read at random.
    return this.blockedPairs > 0 && this.blocked[from * this.hosts + to] === 1;
  }

  /** Cut the link; false if it was cut already. */
  block(from: number, to: number): boolean {
    if (this.isBlocked(from, to)) return false;
    this.blocked[from * this.hosts + to] = 1;
    this.blockedPairs++;
    return true;
  }

  /** Mend the link; false if it was not cut. */
  unblock(from: number, to: number): boolean {
    if (!this.isBlocked(from, to)) return false;
    this.blocked[from * this.hosts + to] = 0;
    this.blockedPairs--;
    return true;
  }
}
