import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'infra', 'kafka-cluster.sh');

/** The 3-node KRaft cluster of scripts/infra/kafka-cluster.sh, driven from a test. */
export interface KafkaCluster {
  brokers: string[];
  /** SIGKILL node n (1-3): no clean shutdown, its partitions fail over to the others. */
  kill(node: number): Promise<void>;
  /** Starts node n again on its storage and waits until it answers metadata requests. */
  restart(node: number): Promise<void>;
  /** Kills every node and removes the storage. */
  stop(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the cluster on the first base port from `from` (steps of 10) whose six ports (brokers
 * base..base+2, controllers base+100..base+102) are free, so runs of other engineers or a
 * leftover cluster are never joined. Storage under /tmp/tributary-scale-kafka-<base>.
 */
export async function startKafkaCluster(from = 19192): Promise<KafkaCluster> {
  let base = from;
  for (; base < from + 400; base += 10) {
    const ports = [0, 1, 2, 100, 101, 102].map((d) => base + d);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) break;
  }
  const env = {
    ...process.env,
    KAFKA_CLUSTER_PORT: String(base),
    KAFKA_CLUSTER_DIR: `/tmp/tributary-scale-kafka-${base}`,
  };
  const script = (...args: string[]) => run('bash', [SCRIPT, ...args], { env, timeout: 240_000 });
  await script('start').catch(async (error: unknown) => {
    await script('stop').catch(() => undefined);
    throw error;
  });
  return {
    brokers: [0, 1, 2].map((i) => `127.0.0.1:${base + i}`),
    async kill(node) {
      await script('kill', String(node));
    },
    async restart(node) {
      await script('start', String(node));
    },
    async stop() {
      await script('stop');
    },
  };
}
