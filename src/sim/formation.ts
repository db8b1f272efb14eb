import { clusterMeetCommand, clusterReplicateCommand } from '../redis/clusterCommands';
import { World } from './world';

/**
 * A cluster made by hand at time 0, as Redis's own tests make one: every node is told CLUSTER MEET
 * with the first node, and each replica CLUSTER REPLICATE with its master, retried every 100 ms
 * until it knows the master (the handshake and gossip take a few round trips).
 */
const RETRY_US = 100_000;

export function formByMeet(world: World): void {
  const nodes = world.scenario.nodes;
  const first = nodes[0];
  world.processes.forEach((proc, i) => {
    if (i > 0) proc.command((n) => clusterMeetCommand(n, '127.0.0.1', first.port, first.port + 10000));
  });
  nodes.forEach((spec, i) => {
    if (!spec.replicaOf) return;
    const masterId = world.ids[nodes.findIndex((n) => n.name === spec.replicaOf)];
    const attempt = (): void => {
      const proc = world.processes[i];
      const error = proc.node && proc.state === 'running' ? proc.command((n) => clusterReplicateCommand(n, masterId)) : 'not running';
      if (error !== null) world.sim.after(RETRY_US, attempt);
    };
    world.sim.after(RETRY_US, attempt);
  });
}
