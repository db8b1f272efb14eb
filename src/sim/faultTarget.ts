import { FaultTarget } from '../faults/fault';
import { LinkConfig } from '../net/linkConfig';
import { clusterFailoverCommand, FailoverMode } from '../redis/manualFailover';
import { ProcessState } from '../journal/journal';
import { startReshard } from './reshard';
import { World } from './world';

/** The world as faults see it: processes and links by node name. */
export class WorldFaultTarget implements FaultTarget {
  readonly nodeNames: readonly string[];
  /** Reshards started, each with its own random stream. */
  private reshards = 0;

  constructor(private readonly world: World) {
    this.nodeNames = world.scenario.nodes.map((n) => n.name);
  }

  now(): number {
    return this.world.sim.now();
  }

  state(node: string): ProcessState {
    return this.world.process(node).state;
  }

  crash(node: string): void {
    this.world.crash(this.world.process(node));
  }

  shutdown(node: string): void {
    this.world.crash(this.world.process(node), true);
  }

  restart(node: string): void {
    this.world.startProcess(this.world.process(node));
  }

  pause(node: string): void {
    const p = this.world.process(node);
    p.pause();
    this.world.logProcess(p);
  }

  resume(node: string): void {
    const p = this.world.process(node);
    p.resume();
    this.world.logProcess(p);
  }

  jumpClock(node: string, byUs: number): void {
    this.world.process(node).clock.jump(byUs);
  }

  setClockDrift(node: string, ppm: number): void {
    this.world.process(node).clock.setDrift(this.now(), ppm);
  }

  clusterFailover(node: string, mode: FailoverMode): string | null {
    const p = this.world.process(node);
    return p.node && p.state === 'running' ? p.command((n) => clusterFailoverCommand(n, mode)) : 'node is not running';
  }

  commandError(node: string, command: string, error: string): void {
    this.world.journal.event(this.now(), node, 'command_error', node, '', { command, error });
  }

  reshard(from: string, to: string, slots: number, pipeline: number): void {
    startReshard(this.world, from, to, slots, pipeline, this.reshards++, (node, command, error) => this.commandError(node, command, error));
  }

  isBlocked(from: string, to: string): boolean {
    return this.world.net.isBlocked(this.host(from), this.host(to));
  }

  block(from: string, to: string): void {
    this.world.net.block(this.host(from), this.host(to));
  }

  unblock(from: string, to: string): void {
    this.world.net.unblock(this.host(from), this.host(to));
  }

  linkConfig(from: string, to: string): LinkConfig {
    return this.world.net.linkConfig(this.host(from), this.host(to));
  }

  setLinkConfig(from: string, to: string, config: LinkConfig): void {
    this.world.net.setLinkConfig(this.host(from), this.host(to), config);
  }

  private host(name: string): number {
    return this.world.hostOf.get(name) as number;
  }
}
