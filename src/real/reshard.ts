import { execFile } from 'child_process';

/** What redis-cli's reshard did: the slots it moved and the keys (a dot each), or its error. */
export type ReshardOutcome = { slots: number; keys: number } | { error: string };

/**
 * `redis-cli --cluster reshard` against the real cluster, the command the model's reshard follows;
 * `done` gets what its output says it moved. `address` is any node's host:port.
 */
export function redisCliReshard(address: string, fromId: string, toId: string, slots: number, pipeline: number, done: (o: ReshardOutcome) => void): void {
  const args = ['--cluster', 'reshard', address, '--cluster-from', fromId, '--cluster-to', toId, '--cluster-slots', String(slots), '--cluster-pipeline', String(pipeline), '--cluster-yes'];
  execFile('redis-cli', args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
    if (err) return done({ error: (stderr || stdout).trim().split('\n').pop() ?? err.message });
    const moving = stdout.split('\n').filter((l) => l.startsWith('Moving slot '));
    done({ slots: moving.length, keys: moving.reduce((n, l) => n + (l.split(': ').pop() ?? '').trim().length, 0) });
  });
}
