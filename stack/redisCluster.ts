import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './multiProcess/processSupervisor.js';

/** A local Redis Cluster of its own (tests, benches): `url` is its `redis-cluster://` URL. */
export interface LocalRedisCluster {
  readonly url: string;
  close(): Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    const info = String(await probe.call('CLUSTER', 'INFO'));
    return info.includes('cluster_state:ok');
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Starts `masters` redis-server processes in cluster mode (no replicas, no persistence) on free
 * ports and joins them with `redis-cli --cluster create`, resolving once every node reports
 * `cluster_state:ok`. Needs `redis-server` and `redis-cli` (Debian's redis-server package).
 */
export async function startRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'commerce-redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      let port = await freePort();
      // The cluster bus listens on port + 10000: pick again while that one is out of range or taken.
      while (port + 10000 > 65535 || ports.includes(port)) port = await freePort();
      ports.push(port);
      const nodeDir = path.join(dir, String(port));
      spawnSync('mkdir', ['-p', nodeDir]);
      children.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', nodeDir, '--cluster-enabled', 'yes',
        '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
    }
    for (const port of ports) {
      for (let i = 0; ; i++) {
        const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        const up = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
        probe.disconnect();
        if (up) break;
        if (i > 200) throw new Error(`redis-server (cluster node) did not start on port ${port}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stderr || create.stdout}`);
    for (let i = 0; !(await Promise.all(ports.map(answers))).every(Boolean); i++) {
      if (i > 200) throw new Error('the Redis Cluster did not reach cluster_state:ok');
      await new Promise((r) => setTimeout(r, 50));
    }
    return { url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}
