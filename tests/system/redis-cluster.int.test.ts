import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Cluster } from 'ioredis';
import {
  attributionKeys,
  publishRun,
  readLatestResults,
  refillRun,
  type RunSnapshot,
} from '@tributary/attribution-store';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import { RECENT_BUCKETS, recentBucket } from '@tributary/realtime-store';
import { createRedis, redisReady, type Redis } from '@tributary/redis';
import { runExclusive, tryAcquireLock } from '@tributary/scheduling';
import type { CustomerEvent } from '@tributary/schemas';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestTopics,
  startRedisCluster,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type RedisClusterProcesses,
  type TestDatabase,
} from '@tributary/testing';
import { createStreamTickets } from '../../services/query-api/src/auth/stream-tickets';
import { loadQueryConfig } from '../../services/query-api/src/config';
import { buildQueryService, type QueryService } from '../../services/query-api/src/service';
import { API_KEYS_JSON, KEYS } from '../../services/query-api/src/test-support/test-gateway';
import { loadRealtimeConfig } from '../../services/realtime-analytics/src/config';
import {
  buildRealtimeService,
  type RealtimeService,
} from '../../services/realtime-analytics/src/service';

// Every Redis user on a 3-master Redis Cluster of the test's own (never the shared 6379): the
// services reach it through their configuration (REDIS_CLUSTER_NODES, an ACL user), as in
// production. The user has the rights docs/deploy.md gives it, on its key prefix only.
describe('Redis Cluster mode (3 local masters, an ACL user, real Kafka and PostgreSQL)', () => {
  let cluster: RedisClusterProcesses;
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: JsonProducer;
  let passwordFile: string;
  const prefix = `${uniqueName('rc')}:`;
  const password = randomBytes(24).toString('hex');
  const clients: Redis[] = [];

  const clusterClient = async (keyPrefix = prefix): Promise<Redis> => {
    const [host, port] = (cluster.nodes.split(',')[0] ?? '').split(':');
    const redis = createRedis({
      mode: 'cluster',
      url: `redis://${host}:${port}`,
      username: 'tributary',
      password,
      keyPrefix,
    });
    clients.push(redis);
    await redisReady(redis);
    return redis;
  };

  beforeAll(async () => {
    [cluster, db] = await Promise.all([
      startRedisCluster([
        '--user', 'tributary', 'on', `>${password}`, `~${prefix}*`, '+@all', '-@dangerous',
        '+info', '+cluster|slots',
      ]), // prettier-ignore
      createTestDatabase(),
    ]);
    passwordFile = join(mkdtempSync(join(tmpdir(), 'redis-secret-')), 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    kafka = testKafka();
    producer = await createProducer(kafka);
  }, 60_000);
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
    await producer?.disconnect();
    await Promise.all([cluster?.stop(), db?.drop()]);
    if (passwordFile) rmSync(dirname(passwordFile), { recursive: true, force: true });
  });

  it('realtime-analytics writes the window and recently viewed, query-api reads them', async () => {
    const [topic] = (await createTestTopics(kafka, ['events'], 3)) as [string];
    const redisEnv = {
      REDIS_CLUSTER_NODES: cluster.nodes,
      REDIS_KEY_PREFIX: prefix,
      REDIS_USERNAME: 'tributary',
    };
    const writer: RealtimeService = await buildRealtimeService(
      loadRealtimeConfig({
        ...redisEnv,
        REDIS_PASSWORD_FILE: passwordFile,
        EVENTS_TOPIC: topic,
        CONSUMER_GROUP: uniqueName('g'),
        SWEEP_INTERVAL_MS: '200',
      }),
      { logger: testLogger(), kafka },
    );
    let gateway: QueryService | undefined;
    try {
      await writer.start();
      gateway = await buildQueryService(
        loadQueryConfig({
          ...redisEnv,
          REDIS_PASSWORD: password,
          DATABASE_URL: db.url,
          API_KEYS_JSON,
          INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
        }),
        testLogger('query-api'),
      );
      // Users in many recently-viewed buckets, so one batch touches slots on every master.
      const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      expect(new Set(users.map(recentBucket)).size).toBeGreaterThan(RECENT_BUCKETS / 4);
      const now = Date.now();
      const events: CustomerEvent[] = users.flatMap((user, i) =>
        [0, 1].map((n) => ({
          event_id: randomUUID(),
          type: 'product_view',
          occurred_at: new Date(now - (i + n) * 1000).toISOString(),
          received_at: new Date(now).toISOString(),
          channel: 'direct',
          user_id: user,
          platform: n === 0 ? 'web' : 'ios',
          properties: { product_id: `p${n}`, category_id: `c${i % 3}` },
        })),
      );
      await producer.sendJson(
        topic,
        events.map((e) => ({ key: e.user_id ?? '', value: e })),
      );

      const app = gateway.app;
      const get = (url: string) =>
        app.inject({ method: 'GET', url, headers: { 'x-api-key': KEYS.viewer } });
      const window = await waitFor(
        async () => {
          const answer = await get('/v1/realtime/users?limit=100');
          return answer.statusCode === 200 &&
            answer.json<{ total_views: number }>().total_views === 80
            ? answer.json<{ distinct_users: number }>()
            : undefined;
        },
        { timeoutMs: 30_000, message: 'query-api never saw the 80 views' },
      );
      expect(window.distinct_users).toBe(40);
      const platforms = await get('/v1/realtime/platforms');
      expect(platforms.json()).toMatchObject({
        distinct_platforms: 2,
        platforms: [
          { platform: 'ios', views: 40 },
          { platform: 'web', views: 40 },
        ],
      });
      const recent = await get('/v1/users/user-7/recently-viewed');
      expect(recent.statusCode).toBe(200);
      expect(
        recent.json<{ products: { product_id: string }[] }>().products.map((p) => p.product_id),
      ).toEqual(['p0', 'p1']);
      // The shared rate-limit counter answered from the cluster (a store error reads as an
      // untouched window: the whole limit left and no reset time).
      expect(Number(recent.headers['x-ratelimit-remaining'])).toBeLessThan(600);
      expect(Number(recent.headers['x-ratelimit-reset'])).toBeGreaterThan(0);

      // The data is spread over the masters (the window in one slot, the buckets elsewhere).
      const probe = await clusterClient();
      if (!(probe instanceof Cluster)) throw new Error('expected a Cluster client');
      const sizes = await Promise.all(probe.nodes('master').map((node) => node.dbsize()));
      expect(sizes.filter((n) => n > 0).length).toBe(3);
    } finally {
      await gateway?.stop();
      await writer.stop();
    }
  });

  it('switches the attribution cache pointer atomically and never moves it back', async () => {
    const redis = await clusterClient();
    const snapshot = (runId: string, share: number): RunSnapshot => ({
      run: {
        run_id: runId,
        trigger: 'schedule',
        status: 'succeeded',
        options: {
          models: ['markov'],
          date_from: '2026-01-01',
          date_to: '2026-01-31',
          time_zone: 'UTC',
          dimension: 'channel',
          transforms: [],
          half_life: 7,
          order: 1,
          position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
        },
        options_key: `k-${runId}`,
        started_at: '2026-02-01T00:00:00.000Z',
        finished_at: '2026-02-01T00:10:00.000Z',
        diagnostics: null,
        error: null,
      },
      results: {
        markov: {
          model: 'markov',
          options: {},
          total_conversions: 10,
          total_revenue: '100.00',
          channels: { email: { conversions: 10 * share, revenue: '50.00', share } },
        },
      },
    });
    const first = snapshot(randomUUID(), 0.3);
    const second = snapshot(randomUUID(), 0.6);
    await publishRun(redis, first);
    expect((await readLatestResults(redis, db.pool))?.run.run_id).toBe(first.run.run_id);
    await publishRun(redis, second, 60_000);
    const latest = await readLatestResults(redis, db.pool);
    expect(latest).toMatchObject({ source: 'cache', run: { run_id: second.run.run_id } });
    // The replaced version stays readable for a grace period, then expires.
    const ttl = await redis.pttl(attributionKeys.run(first.run.run_id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // A refill of an older run keeps the newer pointer.
    await refillRun(redis, first);
    expect(await redis.get(attributionKeys.latest)).toBe(second.run.run_id);
  });

  it('lets one holder at a time take a scheduler lock, from any client of the cluster', async () => {
    const [a, b] = [await clusterClient(), await clusterClient()];
    const key = 'category-reports:lock';
    const held = await tryAcquireLock(a, key, 10_000);
    expect(held).toBeDefined();
    expect(await tryAcquireLock(b, key, 10_000)).toBeUndefined();
    expect(await runExclusive(b, key, 10_000, async () => 'ran')).toEqual({ ran: false });
    await held?.release();
    expect(await runExclusive(b, key, 10_000, async () => 'ran')).toEqual({
      ran: true,
      result: 'ran',
    });
    expect(await a.exists(key)).toBe(0);
    // The ACL user is confined to its prefix: the same lock under another one is refused.
    await expect(tryAcquireLock(await clusterClient('other:'), key, 10_000)).rejects.toThrow(
      /NOPERM/,
    );
  });

  it('issues a stream ticket once and lets it be redeemed once', async () => {
    const tickets = createStreamTickets(await clusterClient(), 30);
    const { ticket } = await tickets.issue({ id: 'viewer-1', role: 'viewer', via: 'api-key' });
    expect(await tickets.redeem(ticket)).toMatchObject({ role: 'viewer' });
    expect(await tickets.redeem(ticket)).toBeUndefined();
  });
});
