import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, redisReady } from '@tributary/redis';
import {
  createTestDatabase,
  testEnv,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';

export const ROOT = join(__dirname, '..', '..');

/** Every service of the system, each its own process; the consuming ones can be killed. */
export const SERVICE_NAMES = [
  'ingest-gateway',
  'journey-stitcher',
  'realtime-analytics',
  'attribution-engine',
  'category-reports',
  'campaign-goals',
  'campaign-core',
  'query-api',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

// Random-looking: the services refuse weak secrets, and the system test runs them as deployed.
export const KEYS = {
  producer: 'sys-producer-Hq4Xm8Kv2Pw7Lc3Rz9Nb6Tj1Gd5s',
  viewer: 'sys-viewer-Wz6Lp1Xq9Km4Vc8Rn3Hb7Tj2Gf5d',
  operator: 'sys-operator-Nc2Qv7Xk4Lm9Wp1Rz6Hb3Tj8Gs5y',
  internal: 'sys-internal-Kp8Xz3Qm6Lv1Wc9Rn4Hb2Tj7Gd5s',
};

/** Names no other test or `npm run up` uses: the system shares only the servers with them. */
export interface SystemNames {
  eventsTopic: string;
  journeysTopic: string;
  goalsTopic: string;
  paymentsTopic: string;
  cancelsTopic: string;
  redisPrefix: string;
  groups: Record<'stitcher' | 'realtime' | 'goals' | 'core', string>;
}

export interface RunningSystem {
  names: SystemNames;
  db: TestDatabase;
  ports: Record<ServiceName, number>;
  apiUrl: string;
  gatewayUrl: string;
  /** Environment of the operator CLIs (sweep, backfill): the same settings as the services. */
  cliEnv: Record<string, string>;
  logDir: string;
  kill(name: ServiceName): Promise<void>;
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it; a tiny race with other programs remains). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function systemNames(): SystemNames {
  return {
    eventsTopic: uniqueName('sys_events'),
    journeysTopic: uniqueName('sys_journeys'),
    goalsTopic: uniqueName('sys_goals'),
    paymentsTopic: uniqueName('sys_pay'),
    cancelsTopic: uniqueName('sys_cancels'),
    redisPrefix: `${uniqueName('sys')}:`,
    groups: {
      stitcher: uniqueName('sys_stitcher'),
      realtime: uniqueName('sys_realtime'),
      goals: uniqueName('sys_goals_g'),
      core: uniqueName('sys_core'),
    },
  };
}

function serviceEnv(name: ServiceName, names: SystemNames): Record<string, string> {
  switch (name) {
    case 'ingest-gateway':
      return { EVENTS_TOPIC: names.eventsTopic };
    case 'journey-stitcher':
      return {
        EVENTS_TOPIC: names.eventsTopic,
        JOURNEYS_TOPIC: names.journeysTopic,
        CONSUMER_GROUP: names.groups.stitcher,
      };
    case 'realtime-analytics':
      return { EVENTS_TOPIC: names.eventsTopic, CONSUMER_GROUP: names.groups.realtime };
    case 'campaign-goals':
      return { GOALS_ACHIEVED_TOPIC: names.goalsTopic, CONSUMER_GROUP: names.groups.goals };
    case 'campaign-core':
      return { GOALS_ACHIEVED_TOPIC: names.goalsTopic, CONSUMER_GROUP: names.groups.core };
    default:
      return {};
  }
}

/**
 * Starts every service from its build (services/<name>/dist/main.js) on free ports, over a fresh
 * database, a Redis prefix and topics and groups of its own, and waits until each is ready.
 * `receiverPort` is the local stand-in for action URLs and ad-hoc queries (allow-listed).
 */
export async function startSystem(receiverPort: number): Promise<RunningSystem> {
  const names = systemNames();
  const db = await createTestDatabase();
  const logDir = mkdtempSync(join(tmpdir(), 'tributary-system-'));
  const ports = {} as Record<ServiceName, number>;
  for (const name of SERVICE_NAMES) ports[name] = await freePort();
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const shared: Record<string, string> = {
    KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: names.redisPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    TIME_ZONE: 'Europe/Istanbul',
    INGEST_API_KEYS: KEYS.producer,
    INTERNAL_API_TOKEN: KEYS.internal,
    API_KEYS_JSON: JSON.stringify({ [KEYS.viewer]: 'viewer', [KEYS.operator]: 'operator' }),
    REPORTS_DIR: join(logDir, 'reports'),
    // The test runs the report through the backfill CLI; the hourly firing would only compete for its lock.
    REPORT_CRON: '0 0 1 1 *',
    // The receiver is on loopback, which only an entry marked +private may reach.
    ACTION_ALLOWED_HOSTS: `http://127.0.0.1:${receiverPort}+private`,
    ADHOC_ALLOWED_HOSTS: `http://127.0.0.1:${receiverPort}+private`,
    ATTRIBUTION_SCHEDULE_ENABLED: 'false',
    CAMPAIGN_GOALS_URL: url('campaign-goals'),
    CAMPAIGN_CORE_URL: url('campaign-core'),
    ATTRIBUTION_ENGINE_URL: url('attribution-engine'),
    // The test polls the API much faster than a dashboard does.
    RATE_LIMIT_PER_MINUTE: '1000000',
    UPSTREAM_TIMEOUT_MS: '30000',
  };
  const children = new Map<ServiceName, ChildProcess>();
  let stopped = false;
  const start = (name: ServiceName) => {
    // Logs go to files (no pipe a busy test could leave unread and block a service on).
    const fd = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...shared,
        ...serviceEnv(name, names),
        HTTP_PORT: String(ports[name]),
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    children.set(name, child);
  };
  const kill = async (name: ServiceName) => {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  const system: RunningSystem = {
    names,
    db,
    ports,
    apiUrl: url('query-api'),
    gatewayUrl: url('ingest-gateway'),
    cliEnv: { ...process.env, ...shared } as Record<string, string>,
    logDir,
    kill,
    async restart(name) {
      await kill(name);
      start(name);
      await ready(ports[name], 90_000, () => stopped);
    },
    async stop() {
      stopped = true;
      // SIGKILL: nothing of this system outlives the test, its state is dropped with it.
      await Promise.all(SERVICE_NAMES.map((name) => kill(name)));
      await db.drop().catch(() => undefined);
      await dropRedisKeys(names.redisPrefix).catch(() => undefined);
    },
  };
  try {
    SERVICE_NAMES.forEach(start);
    // A service that exits while starting fails the start at once, naming itself.
    const died = new Promise<never>((_, reject) => {
      for (const [name, child] of children)
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    });
    died.catch(() => undefined);
    await Promise.race([
      died,
      Promise.all(SERVICE_NAMES.map((name) => ready(ports[name], 120_000, () => stopped))),
    ]);
  } catch (error) {
    await system.stop();
    throw new Error(`system did not start (logs in ${logDir}): ${String(error)}`);
  }
  return system;
}

/** Polls /readyz (every service pings its real dependencies there); gives up once the system stops. */
async function ready(port: number, timeoutMs: number, stopped: () => boolean): Promise<void> {
  await waitFor(
    async () => {
      // Once the system is stopped nobody waits for this any more.
      if (stopped()) return true;
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, {
        signal: AbortSignal.timeout(2_000),
      });
      return response.ok;
    },
    { timeoutMs, intervalMs: 250, message: `service on port ${port} not ready` },
  );
}

async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = createRedis({ url: testEnv.redisUrl });
  try {
    await redisReady(redis);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
