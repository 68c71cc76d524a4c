import { randomUUID } from 'node:crypto';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import { aggregateWindow, type WindowSnapshot } from '@tributary/realtime-store';
import { createRedis, redisReady } from '@tributary/redis';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestRedis,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '@tributary/testing';
import { loadRealtimeConfig } from './config';
import { buildRealtimeService, type RealtimeService } from './service';

const SEC = 1000;
// This test owns Redis logical database 7 (it flushes it); other tests use unique key prefixes.
const FLUSHABLE_REDIS = 'redis://127.0.0.1:6379/7';

function productView(over: {
  id?: string;
  user: string;
  product: string;
  category?: string;
  platform?: string;
  at: number;
}): CustomerEvent {
  return {
    event_id: over.id ?? randomUUID(),
    type: 'product_view',
    occurred_at: new Date(over.at).toISOString(),
    received_at: new Date(Math.max(over.at, Date.now())).toISOString(),
    channel: 'direct',
    user_id: over.user,
    ...(over.platform ? { platform: over.platform } : {}),
    properties: {
      product_id: over.product,
      ...(over.category ? { category_id: over.category } : {}),
    },
  };
}

function traffic(base: number, count: number): CustomerEvent[] {
  return Array.from({ length: count }, (_, i) =>
    productView({
      user: `u${i % 17}`,
      product: `p${i % 23}`,
      category: i % 5 === 0 ? undefined : `c${i % 4}`,
      platform: ['web', 'ios', 'android'][i % 3],
      at: base - (i % 120) * SEC,
    }),
  );
}

const withoutVersion = ({ version: _v, ...rest }: WindowSnapshot) => rest;

describe('realtime-analytics service (real Kafka and Redis)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  const services: RealtimeService[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    producer = await createProducer(kafka);
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
  });
  afterAll(() => producer.disconnect());

  async function start(env: Record<string, string>, now?: () => number): Promise<RealtimeService> {
    const config = loadRealtimeConfig({
      KAFKA_TOPIC_PARTITIONS: '3',
      SWEEP_INTERVAL_MS: '200',
      ...env,
    });
    const service = await buildRealtimeService(config, {
      logger: testLogger(),
      kafka,
      ...(now ? { now } : {}),
    });
    services.push(service);
    await service.start();
    return service;
  }

  const send = (topic: string, events: CustomerEvent[]) =>
    producer.sendJson(
      topic,
      events.map((e) => ({ key: e.user_id ?? '', value: e })),
    );

  it('counts product views from Kafka, ignores other types, drops late ones with a metric and dead-letters bad ones', async () => {
    const [topic] = (await createTestTopics(kafka, ['events'], 3)) as [string];
    const redis = await createTestRedis();
    try {
      const service = await start({
        EVENTS_TOPIC: topic,
        CONSUMER_GROUP: uniqueName('g'),
        REDIS_KEY_PREFIX: redis.prefix,
      });
      const now = Date.now();
      const dup = productView({
        user: 'alice',
        product: 'p1',
        category: 'shoes',
        platform: 'ios',
        at: now - 5 * SEC,
      });
      await send(topic, [
        dup,
        dup,
        productView({ user: 'alice', product: 'p2', at: now - 3 * SEC }),
        productView({
          user: 'bob',
          product: 'p1',
          category: 'shoes',
          platform: 'web',
          at: now - 6 * 60 * SEC,
        }),
        { ...productView({ user: 'bob', product: 'p9', at: now }), type: 'page_view' },
      ]);
      await producer.send(topic, [
        { key: 'bob', value: JSON.stringify({ type: 'product_view', event_id: 'broken' }) },
      ]);
      const dead = await readTopic(kafka, `${topic}.dlq`, 1);
      expect(dead[0]?.headers['x-dlq-code']).toBe('MESSAGE_INVALID');

      const users = await waitFor(async () => {
        const answer = await service.reader.users({ now: Date.now() });
        return answer.total_views === 2 && answer;
      });
      expect(users.users).toEqual([
        { user_id: 'alice', views: 2, last_view_at: new Date(now - 3 * SEC).toISOString() },
      ]);
      const categories = await service.reader.categories({ now: Date.now() });
      expect(categories.categories.map((c) => c.category_id).sort()).toEqual(['shoes', 'unknown']);
      const platforms = await service.reader.platforms({ now: Date.now() });
      expect(platforms.platforms.map((p) => [p.platform, p.views])).toEqual([
        ['ios', 1],
        ['unknown', 1],
      ]);
      // bob's only product view was late for the window, yet it is still his most recent product.
      expect(
        (await service.reader.recentlyViewed('bob')).products.map((p) => p.product_id),
      ).toEqual(['p1']);
      const metrics = await service.metrics.metrics();
      expect(metrics).toMatch(
        /realtime_views_total\{outcome="late",service="realtime-analytics"\} 1/,
      );
      expect(metrics).toMatch(
        /realtime_views_total\{outcome="duplicates",service="realtime-analytics"\} 1/,
      );
    } finally {
      await redis.cleanup();
    }
  });

  it('gives the same answers with two consumer instances in one group as with one', async () => {
    const [topicA, topicB] = (await createTestTopics(kafka, ['events', 'events'], 3)) as [
      string,
      string,
    ];
    const single = await createTestRedis();
    const pair = await createTestRedis();
    try {
      const base = Date.now();
      const at = base + SEC;
      const clock = () => at; // one instant for every instance, so answers compare exactly
      const events = traffic(base, 300);
      const replayed = events.slice(0, 40); // a producer retry sends some events twice
      const groupB = uniqueName('g');
      const one = await start(
        { EVENTS_TOPIC: topicA, CONSUMER_GROUP: uniqueName('g'), REDIS_KEY_PREFIX: single.prefix },
        clock,
      );
      const [first] = await Promise.all([
        start(
          { EVENTS_TOPIC: topicB, CONSUMER_GROUP: groupB, REDIS_KEY_PREFIX: pair.prefix },
          clock,
        ),
        start(
          { EVENTS_TOPIC: topicB, CONSUMER_GROUP: groupB, REDIS_KEY_PREFIX: pair.prefix },
          clock,
        ),
      ]);
      await Promise.all([
        send(topicA, [...events, ...replayed]),
        send(topicB, [...events, ...replayed]),
      ]);

      const settled = (service: RealtimeService) =>
        waitFor(async () => {
          const snap = await service.reader.snapshot({ now: at, limit: 1000 });
          return snap.total_views === events.length && snap;
        });
      const [a, b] = await Promise.all([settled(one), settled(first)]);
      expect(withoutVersion(b)).toEqual(withoutVersion(a));
      const exact = aggregateWindow(
        events.map((e) => ({
          occurredAt: Date.parse(e.occurred_at),
          userId: e.user_id ?? '',
          categoryId: (e.properties?.category_id as string | undefined) ?? 'unknown',
          platform: e.platform ?? 'unknown',
        })),
        at,
        5 * 60 * SEC,
      );
      expect(a.categories.map((c) => [c.category_id, c.views, c.distinct_users])).toEqual(
        exact.categories.map((c) => [c.key, c.views, c.distinctUsers]),
      );
      expect(await first.reader.recentlyViewed('u3', 50)).toEqual(
        await one.reader.recentlyViewed('u3', 50),
      );
    } finally {
      await single.cleanup();
      await pair.cleanup();
    }
  });

  it('rebuilds the window and recent views from Kafka after Redis lost its data', async () => {
    const [topic] = (await createTestTopics(kafka, ['events'], 3)) as [string];
    const prefix = `${uniqueName('t')}:`;
    const env = {
      EVENTS_TOPIC: topic,
      CONSUMER_GROUP: uniqueName('g'),
      REDIS_URL: FLUSHABLE_REDIS,
      REDIS_KEY_PREFIX: prefix,
    };
    const raw = createRedis({ url: FLUSHABLE_REDIS });
    await redisReady(raw);
    try {
      const base = Date.now();
      const at = base + SEC;
      const clock = () => at;
      const events = traffic(base, 200);
      const before = await start(env, clock);
      await send(topic, events);
      const answer = await waitFor(async () => {
        const snap = await before.reader.snapshot({ now: at, limit: 1000 });
        return snap.total_views === events.length && snap;
      });
      const recent = await before.reader.recentlyViewed('u5', 50);
      const past = await before.reader.platforms({ now: at, at: base - 30 * SEC });
      await before.stop();

      await raw.flushdb();
      const after = await start(env, clock);
      const rebuilt = await after.reader.snapshot({ now: at, limit: 1000 });
      expect(withoutVersion(rebuilt)).toEqual(withoutVersion(answer));
      expect(await after.reader.recentlyViewed('u5', 50)).toEqual(recent);
      expect(await after.reader.platforms({ now: at, at: base - 30 * SEC })).toEqual(past);

      // A second restart finds the marker and does not replay again (dedupe would absorb it anyway).
      await after.stop();
      const again = await start(env, clock);
      expect(await again.metrics.metrics()).toMatch(
        /realtime_rebuild_records\{service="realtime-analytics"\} 0/,
      );
      expect(withoutVersion(await again.reader.snapshot({ now: at, limit: 1000 }))).toEqual(
        withoutVersion(answer),
      );
    } finally {
      await raw.flushdb();
      raw.disconnect();
    }
  });
});
