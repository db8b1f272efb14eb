import { clusterFailoverCommand } from '../redis/manualFailover';
import { Action, ScheduledAction } from '../scenario/types';
import { World } from './world';

/**
 * Fault injection and operator actions, applied to the world at their scheduled times. Faults act on
 * processes and the network only; the node model learns of them the way a real node would.
 */
export function scheduleActions(world: World, schedule: ScheduledAction[]): void {
  for (const item of schedule) {
    world.sim.at(item.atUs, () => {
      const { action, label } = item;
      world.journal.event(world.sim.now(), '-', action.kind === 'failover' ? 'action' : 'fault', action.kind, '', label);
      world.faultLog.push({ timeUs: world.sim.now(), kind: action.kind, label, nodes: involved(world, action) });
      apply(world, action);
    });
  }
}

function apply(world: World, action: Action): void {
  switch (action.kind) {
    case 'crash':
      return forEach(world, action.nodes, (p) => world.crash(p));
    case 'restart':
      return forEach(world, action.nodes, (p) => {
        if (p.state === 'crashed') world.startProcess(p);
      });
    case 'pause':
      return forEach(world, action.nodes, (p) => {
        p.pause();
        world.logProcess(p);
      });
    case 'resume':
      return forEach(world, action.nodes, (p) => {
        p.resume();
        world.logProcess(p);
      });
    case 'partition':
      for (const cut of action.cuts) {
        pairs(world, cut.from, cut.to, (a, b) => {
          world.net.block(a, b);
          if (!action.oneWay) world.net.block(b, a);
        });
      }
      return;
    case 'heal':
      return heal(world, action.nodes);
    case 'loss':
      return pairs(world, action.from, action.to, (a, b) => {
        const config = world.net.linkConfig(a, b);
        world.net.setLinkConfig(a, b, { ...config, loss: action.loss, lossMode: action.lossMode ?? config.lossMode });
      });
    case 'latency':
      return pairs(world, action.from, action.to, (a, b) => {
        world.net.setLinkConfig(a, b, { ...world.net.linkConfig(a, b), latency: action.latency });
      });
    case 'clock-jump':
      return forEach(world, action.nodes, (p) => p.clock.jump(action.byUs));
    case 'clock-drift':
      return forEach(world, action.nodes, (p) => p.clock.setDrift(world.sim.now(), action.ppm));
    case 'failover':
      return forEach(world, action.nodes, (p) => {
        const err = p.node && p.state === 'running' ? clusterFailoverCommand(p.node, action.mode) : 'node is not running';
        if (err) world.journal.event(world.sim.now(), p.name, 'command_error', p.name, '', `CLUSTER FAILOVER: ${err}`);
      });
  }
}

/** The nodes an action touches. */
function involved(world: World, action: Action): string[] {
  switch (action.kind) {
    case 'partition':
      return [...new Set(action.cuts.flatMap((c) => [...c.from, ...c.to]))];
    case 'heal':
      return action.nodes === 'all' ? world.scenario.nodes.map((n) => n.name) : action.nodes;
    case 'loss':
    case 'latency':
      return [...new Set([...action.from, ...action.to])];
    default:
      return action.nodes;
  }
}

function forEach(world: World, names: string[], fn: (p: ReturnType<World['process']>) => void): void {
  for (const name of names) fn(world.process(name));
}

function pairs(world: World, from: string[], to: string[], fn: (a: number, b: number) => void): void {
  for (const f of from) {
    for (const t of to) {
      const a = world.hostOf.get(f) as number;
      const b = world.hostOf.get(t) as number;
      if (a !== b) fn(a, b);
    }
  }
}

function heal(world: World, nodes: string[] | 'all'): void {
  const all = world.scenario.nodes.map((n) => n.name);
  const some = nodes === 'all' ? all : nodes;
  pairs(world, some, all, (a, b) => {
    world.net.unblock(a, b);
    world.net.unblock(b, a);
  });
}
