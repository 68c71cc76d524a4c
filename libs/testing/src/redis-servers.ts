import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for';

const run = promisify(execFile);

export interface RedisServerProcess {
  port: number;
  /** The server's own folder (config files, certificates a test writes there). */
  dir: string;
  stop(): Promise<void>;
}

export interface RedisClusterProcesses {
  /** Three masters on loopback, slots 0-16383 split between them, no replicas. */
  ports: number[];
  /** `127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3`, as REDIS_CLUSTER_NODES takes it. */
  nodes: string;
  stop(): Promise<void>;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A free loopback port whose cluster bus port (+10000) is free too. */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port;
  }
  throw new Error('no free port pair for redis-server');
}

function startProcess(port: number, dir: string, args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', ...args], // prettier-ignore
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}): ${log.slice(-800)}`)),
    );
    child.once('error', reject);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/**
 * A throwaway redis-server of the test's own (a password, TLS): never the shared one on 6379.
 * `args` are extra command-line options; `configure` may write files into the server's folder
 * (certificates) and answer options that name them.
 */
export async function startRedisServer(
  args: readonly string[] = [],
  configure?: (dir: string, port: number) => Promise<string[]> | string[],
): Promise<RedisServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-'));
  const port = await freePort();
  const extra = configure ? await configure(dir, port) : [];
  const child = await startProcess(port, dir, [...args, ...extra]);
  return {
    port,
    dir,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A 3-master Redis Cluster on loopback ports (redis-server `--cluster-enabled yes`, joined by
 * `redis-cli --cluster create`), ready once every node reports `cluster_state:ok`. `args` go to
 * every node (an ACL user: the helper itself speaks as the open `default` user).
 */
export async function startRedisCluster(
  args: readonly string[] = [],
): Promise<RedisClusterProcesses> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      let port = await freePort();
      while (ports.includes(port)) port = await freePort();
      ports.push(port);
      children.push(
        await startProcess(port, dir, [
          '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout', '5000', ...args,
        ]), // prettier-ignore
      );
    }
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    await run(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 30_000 },
    );
    for (const port of ports) {
      await waitFor(
        async () => {
          const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
          return stdout.includes('cluster_state:ok');
        },
        { timeoutMs: 30_000, message: `cluster node ${port} not ok` },
      );
    }
    return { ports, nodes: nodes.join(','), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
