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

/** What a scale run changes; every field optional, so `startSystem(port)` is the one-of-each system. */
export interface SystemOptions {
  /** Bootstrap list of the cluster the services use (default: the shared test broker). */
  kafkaBrokers?: readonly string[];
  /** KAFKA_REPLICATION_FACTOR of the topics the services create (default 1). */
  replicationFactor?: number;
  /** KAFKA_TOPIC_PARTITIONS (default 3). */
  partitions?: number;
  /** Processes per service (default 1); the extra ones get ports of their own. */
  instances?: Partial<Record<ServiceName, number>>;
  /** Settings added to (or replacing) the shared environment of every service. */
  env?: Record<string, string>;
  /** Only these services (default: all); the others get no process (a bench of one service). */
  only?: readonly ServiceName[];
  /** Topics, groups and Redis prefix to use instead of fresh ones (a second system on the same topics). */
  names?: SystemNames;
}

export interface RunningSystem {
  names: SystemNames;
  db: TestDatabase;
  /** The port of each service's first instance. */
  ports: Record<ServiceName, number>;
  /** Every instance's port, per service (index = instance number). */
  instancePorts: Record<ServiceName, number[]>;
  brokers: string[];
  apiUrl: string;
  gatewayUrl: string;
  /** Every ingest-gateway instance, for a round-robin client. */
  gatewayUrls: string[];
  /** Environment of the operator CLIs (sweep, backfill): the same settings as the services. */
  cliEnv: Record<string, string>;
  logDir: string;
  kill(name: ServiceName, instance?: number): Promise<void>;
  restart(name: ServiceName, instance?: number): Promise<void>;
  /** Starts one more instance of a service (a consumer group rebalances); answers its number. */
  addInstance(name: ServiceName): Promise<number>;
  /** Process ids of the running instances (for CPU accounting). */
  pids(name: ServiceName): number[];
  stop(): Promise<void>;
}

/**
 * A port nothing listens on now, drawn below the kernel's ephemeral range (32768-60999): a port the
 * OS hands out for `listen(0)` can be taken by another test's server between this check and the
 * service's bind (a scale-test run once found a different service at campaign-goals' port).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export function systemNames(): SystemNames {
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
export async function startSystem(
  receiverPort: number,
  options: SystemOptions = {},
): Promise<RunningSystem> {
  const names = options.names ?? systemNames();
  const db = await createTestDatabase();
  const logDir = mkdtempSync(join(tmpdir(), 'tributary-system-'));
  const brokers = [...(options.kafkaBrokers ?? testEnv.kafkaBrokers)];
  const instancePorts = {} as Record<ServiceName, number[]>;
  for (const name of SERVICE_NAMES) {
    instancePorts[name] = [];
    const wanted = !options.only || options.only.includes(name);
    for (let i = 0; i < (wanted ? (options.instances?.[name] ?? 1) : 0); i += 1)
      instancePorts[name].push(await freePort());
  }
  const ports = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, instancePorts[name][0] ?? 0]),
  ) as Record<ServiceName, number>;
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const shared: Record<string, string> = {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PARTITIONS: String(options.partitions ?? 3),
    KAFKA_REPLICATION_FACTOR: String(options.replicationFactor ?? 1),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: names.redisPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    TIME_ZONE: 'Europe/Istanbul',
    INGEST_API_KEYS: KEYS.producer,
    INTERNAL_API_TOKEN: KEYS.internal,
    // journey-stitcher's erasure routes (behind the internal token) need their suppression-list key.
    ERASURE_HMAC_SECRET: 'sys-erasure-Vb4Nq9Xw2Lk7Pc3Rz8Hm6Tj1Gd5sYf0Ja',
    API_KEYS_JSON: JSON.stringify({ [KEYS.viewer]: 'viewer', [KEYS.operator]: 'operator' }),
    REPORTS_DIR: join(logDir, 'reports'),
    // The test runs the report through the backfill CLI; the hourly firing would only compete for its lock.
    REPORT_CRON: '0 0 1 1 *',
    // The receiver is on loopback, which only an entry marked +private may reach.
    ACTION_ALLOWED_HOSTS: `http://127.0.0.1:${receiverPort}+private`,
    ADHOC_ALLOWED_HOSTS: `http://127.0.0.1:${receiverPort}+private`,
    ATTRIBUTION_SCHEDULE_ENABLED: 'false',
    // A call campaign-core made but did not record before SIGKILL is retried once the lease runs
    // out; 15 s (above the worst round of 2 x 5 s timeouts) keeps that inside the test's wait.
    ACTION_LEASE_MS: '15000',
    CAMPAIGN_GOALS_URL: url('campaign-goals'),
    CAMPAIGN_CORE_URL: url('campaign-core'),
    ATTRIBUTION_ENGINE_URL: url('attribution-engine'),
    // The test polls the API much faster than a dashboard does.
    RATE_LIMIT_PER_MINUTE: '1000000',
    UPSTREAM_TIMEOUT_MS: '30000',
    ...options.env,
  };
  // Keyed by service and instance number ("journey-stitcher#1"); instance 0 is the one-of-each system.
  const children = new Map<string, ChildProcess>();
  const key = (name: ServiceName, instance: number) => `${name}#${instance}`;
  const portOf = (name: ServiceName, instance: number) => {
    const port = instancePorts[name][instance];
    if (port === undefined) throw new Error(`${name} has no instance ${instance}`);
    return port;
  };
  let stopped = false;
  const start = (name: ServiceName, instance = 0) => {
    // Logs go to files (no pipe a busy test could leave unread and block a service on).
    const file = instance === 0 ? `${name}.log` : `${name}.${instance}.log`;
    const fd = openSync(join(logDir, file), 'a');
    const child = spawn(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...shared,
        ...serviceEnv(name, names),
        HTTP_PORT: String(portOf(name, instance)),
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    children.set(key(name, instance), child);
  };
  const kill = async (name: ServiceName, instance = 0) => {
    const child = children.get(key(name, instance));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  const system: RunningSystem = {
    names,
    db,
    ports,
    instancePorts,
    brokers,
    apiUrl: url('query-api'),
    gatewayUrl: url('ingest-gateway'),
    gatewayUrls: instancePorts['ingest-gateway'].map((port) => `http://127.0.0.1:${port}`),
    cliEnv: { ...process.env, ...shared } as Record<string, string>,
    logDir,
    kill,
    async restart(name, instance = 0) {
      await kill(name, instance);
      start(name, instance);
      await ready(portOf(name, instance), 90_000, () => stopped);
    },
    async addInstance(name) {
      const instance = instancePorts[name].length;
      instancePorts[name].push(await freePort());
      start(name, instance);
      await ready(portOf(name, instance), 90_000, () => stopped);
      return instance;
    },
    pids(name) {
      return instancePorts[name].flatMap((_, i) => {
        const child = children.get(key(name, i));
        return child?.pid !== undefined && child.exitCode === null && child.signalCode === null
          ? [child.pid]
          : [];
      });
    },
    async stop() {
      stopped = true;
      // SIGKILL: nothing of this system outlives the test, its state is dropped with it.
      await Promise.all(
        SERVICE_NAMES.flatMap((name) => instancePorts[name].map((_, i) => kill(name, i))),
      );
      await db.drop().catch(() => undefined);
      await dropRedisKeys(names.redisPrefix).catch(() => undefined);
    },
  };
  try {
    for (const name of SERVICE_NAMES) instancePorts[name].forEach((_, i) => start(name, i));
    // A service that exits while starting fails the start at once, naming itself.
    const died = new Promise<never>((_, reject) => {
      for (const [name, child] of children)
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    });
    died.catch(() => undefined);
    const allPorts = SERVICE_NAMES.flatMap((name) => instancePorts[name]);
    await Promise.race([
      died,
      Promise.all(allPorts.map((port) => ready(port, 120_000, () => stopped))),
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
