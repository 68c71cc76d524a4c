import { randomUUID } from 'node:crypto';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import { exportCustomer } from '@tributary/privacy';
import {
  DEFAULT_SETTINGS,
  createRealtimeEraser,
  createRealtimeWriter,
} from '@tributary/realtime-store';
import type { CustomerEvent } from '@tributary/schemas';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  createTestTopics,
  internalHeaders,
  testEnv,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { loadStitcherConfig } from '../config';
import { buildStitcherService, type StitcherService } from '../service';
import { sendEvents } from '../testing/stitcher-harness';

const HOUR = 3_600_000;
const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

function visit(user: string, anon: string, order: string): CustomerEvent[] {
  const base = { properties: {}, received_at: at(HOUR) };
  return [
    {
      ...base,
      event_id: randomUUID(),
      type: 'ad_click',
      occurred_at: at(3 * HOUR),
      anonymous_id: anon,
      channel: 'paid_search',
    },
    {
      ...base,
      event_id: randomUUID(),
      type: 'product_view',
      occurred_at: at(2 * HOUR),
      anonymous_id: anon,
      user_id: user,
      channel: 'direct',
      properties: { product_id: 'p1', category_id: 'c1' },
    },
    {
      ...base,
      event_id: randomUUID(),
      type: 'order_completed',
      occurred_at: at(HOUR),
      user_id: user,
      channel: 'direct',
      properties: { order_id: order, revenue: '120.50', currency: 'TRY' },
    },
  ];
}

describe('erasure through journey-stitcher (real Kafka, PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let kafka: Kafka;
  let producer: JsonProducer;
  let service: StitcherService;
  let eventsTopic: string;
  let group: string;
  const erased = { user: `erase-${randomUUID()}`, anon: `anon-${randomUUID()}` };
  const kept = { user: `keep-${randomUUID()}`, anon: `anon-${randomUUID()}` };
  const erasedEvents = visit(erased.user, erased.anon, `o-${randomUUID()}`);
  const keptEvents = visit(kept.user, kept.anon, `o-${randomUUID()}`);

  const count = async (sql: string, ids: string[]) =>
    Number((await db.pool.query<{ n: string }>(sql, [ids])).rows[0]?.n);
  const rawOf = (ids: string[]) =>
    count('SELECT count(*) AS n FROM raw_events WHERE customer_id = ANY($1)', ids);
  const journeysOf = (ids: string[]) =>
    count('SELECT count(*) AS n FROM customer_journeys WHERE customer_id = ANY($1)', ids);
  const linksOf = (ids: string[]) =>
    count('SELECT count(*) AS n FROM identity_links WHERE user_id = ANY($1)', ids);

  /** Every partition that holds messages is committed to its end (empty ones have no commit). */
  async function caughtUp(): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const ends = await admin.fetchTopicOffsets(eventsTopic);
          const [committed] = await admin.fetchOffsets({ groupId: group, topics: [eventsTopic] });
          return ends.every(
            (end) =>
              end.high === '0' ||
              BigInt(
                committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1',
              ) >= BigInt(end.high),
          );
        },
        { timeoutMs: 30_000, message: 'the stitcher caught up' },
      );
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    kafka = testKafka();
    [eventsTopic] = (await createTestTopics(kafka, ['events', 'journeys'])) as [string, string];
    producer = await createProducer(kafka);
    group = uniqueName('stitcher');
    const config = loadStitcherConfig({
      DATABASE_URL: db.url,
      EVENTS_TOPIC: eventsTopic,
      JOURNEYS_TOPIC: uniqueName('journeys'),
      CONSUMER_GROUP: group,
      KAFKA_TOPIC_PARTITIONS: '3',
      MIGRATE_ON_START: 'false',
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: redis.prefix,
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
      ERASURE_HMAC_SECRET: 'tst-erasure-Hq4Zp8Wm2Kx6Rv9Ln3Tc7Yb5Jf1d',
    });
    service = await buildStitcherService(config, { logger: testLogger(), kafka });
    await service.start();
    await sendEvents(producer, eventsTopic, [...erasedEvents, ...keptEvents]);
    await waitFor(async () => (await journeysOf([erased.user, kept.user])) === 2, {
      timeoutMs: 60_000,
      message: 'both journeys stitched',
    });
    // What realtime-analytics would have written for both.
    await createRealtimeWriter(redis.redis, DEFAULT_SETTINGS).applyViews(
      [erased, kept].map((c, i) => ({
        eventId: `v${i}`,
        userId: c.user,
        productId: 'p1',
        categoryId: 'c1',
        platform: 'web',
        occurredAt: Date.now() - 1_000,
        receivedAt: Date.now() - 1_000,
      })),
      Date.now(),
    );
  });
  afterAll(async () => {
    await service.stop();
    await producer.disconnect();
    await redis.cleanup();
    await db.drop();
  });

  it('refuses anyone but an admin with the internal token', async () => {
    const body = { user_id: erased.user, reason: 'subject-request', requested_by: 'x' };
    const noToken = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/erasures',
      payload: body,
    });
    expect(noToken.statusCode).toBe(401);
    const operator = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/erasures',
      headers: internalHeaders('operator'),
      payload: body,
    });
    expect(operator.statusCode).toBe(403);
    const exported = await service.app.inject({
      url: `/v1/admin/customers/${erased.user}/export`,
      headers: internalHeaders('viewer'),
    });
    expect(exported.statusCode).toBe(403);
    expect(await rawOf([erased.user, erased.anon])).toBe(3);
  });

  it('exports what is held, erases it on request, and a redelivery of the old events from Kafka does not bring it back', async () => {
    const exported = await service.app.inject({
      url: `/v1/admin/customers/${erased.anon}/export?kind=anonymous_id`,
      headers: internalHeaders('admin'),
    });
    expect(exported.statusCode).toBe(200);
    const data = exported.json<{
      ids: string[];
      warehouse: { raw_events: unknown[]; customer_journeys: unknown[] };
    }>();
    expect(data.ids.sort()).toEqual([erased.anon, erased.user].sort());
    expect(data.warehouse.raw_events).toHaveLength(3);
    expect(data.warehouse.customer_journeys).toHaveLength(1);
    // Serialized with its response schema: every member of every store is answered, none dropped.
    const direct = await exportCustomer(
      db.pool,
      createRealtimeEraser(redis.redis),
      { kind: 'anonymous_id', id: erased.anon },
      new Date(exported.json<{ generated_at: string }>().generated_at),
    );
    expect(direct.realtime.views_last_hour).toHaveLength(1);
    expect(exported.json()).toEqual(JSON.parse(JSON.stringify(direct)));

    const accepted = await service.app.inject({
      method: 'POST',
      url: '/v1/admin/erasures',
      headers: internalHeaders('admin'),
      payload: {
        user_id: erased.user,
        reason: 'subject-request',
        requested_by: 'api-key:ops-admin',
      },
    });
    expect(accepted.statusCode).toBe(202);
    const { erasure_id: id } = accepted.json<{ erasure_id: string }>();
    let audit:
      | {
          status: string;
          requested_by: string;
          steps: Record<string, { counts: Record<string, number> }>;
        }
      | undefined;
    await waitFor(
      async () => {
        const res = await service.app.inject({
          url: `/v1/admin/erasures/${id}`,
          headers: internalHeaders('admin'),
        });
        audit = res.json();
        return audit?.status === 'completed';
      },
      { timeoutMs: 30_000, message: 'erasure completed' },
    );
    expect(audit?.requested_by).toBe('api-key:ops-admin');
    expect(audit?.steps.raw_events?.counts).toEqual({ rows: 3 });
    expect(audit?.steps.live_window?.counts).toEqual({ views: 1, live_views: 1 });
    expect(await rawOf([erased.user, erased.anon])).toBe(0);
    expect(await journeysOf([erased.user])).toBe(0);
    expect(await linksOf([erased.user])).toBe(0);

    // Kafka still holds the old events: publish them again, and a new event of the other customer.
    const later = { ...keptEvents[0]!, event_id: randomUUID(), occurred_at: at(HOUR / 2) };
    await sendEvents(producer, eventsTopic, [...erasedEvents, later]);
    await caughtUp();
    expect(await rawOf([kept.user, kept.anon])).toBe(4);
    expect(await rawOf([erased.user, erased.anon])).toBe(0);
    expect(await journeysOf([erased.user])).toBe(0);
    expect(await linksOf([erased.user])).toBe(0);
    expect(await journeysOf([kept.user])).toBe(1);
    const metrics = await service.metrics.getSingleMetricAsString(
      'journey_raw_events_suppressed_total',
    );
    expect(metrics).toMatch(/ 3$/m);
  });
});
