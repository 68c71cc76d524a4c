// Recorded Segment payloads and the native events of the same visit, both through ingest-gateway,
// read by the real journey-stitcher (PostgreSQL) and realtime-analytics (Redis): the journeys and
// the views must come out the same. Services run in-process from their composition roots.
import { segmentVisit } from '@tributary/event-intake';
import { createProducer, type BadEvent, type Kafka } from '@tributary/kafka';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  createTestTopics,
  readTopic,
  testEnv,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService, type IngestService } from '../../services/ingest-gateway/src/service';
import { loadStitcherConfig } from '../../services/journey-stitcher/src/config';
import {
  buildStitcherService,
  type StitcherService,
} from '../../services/journey-stitcher/src/service';
import { loadRealtimeConfig } from '../../services/realtime-analytics/src/config';
import {
  buildRealtimeService,
  type RealtimeService,
} from '../../services/realtime-analytics/src/service';

interface JourneyRow {
  customer_id: string;
  revenue: string;
  currency: string;
  channel_path: string[];
  touchpoints: { type: string; channel: string; occurred_at: string; event_id: string }[];
}

describe('Segment intake: the same journeys and views as native events', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let ingest: IngestService;
  let stitcher: StitcherService;
  let realtime: RealtimeService;
  let kafka: Kafka;
  let events: string;
  let bad: string;
  const stitcherGroup = uniqueName('stitcher');
  const realtimeGroup = uniqueName('realtime');

  beforeAll(async () => {
    kafka = testKafka();
    let journeys: string;
    [events, journeys, bad] = (await createTestTopics(kafka, ['events', 'journeys', 'bad'], 3)) as [
      string,
      string,
      string,
    ];
    db = await createTestDatabase();
    redis = await createTestRedis();
    ingest = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: events,
        BAD_EVENTS_TOPIC: bad,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        OWN_HOSTS: 'example.com',
      }),
      testLogger(),
    );
    stitcher = await buildStitcherService(
      loadStitcherConfig({
        DATABASE_URL: db.url,
        EVENTS_TOPIC: events,
        JOURNEYS_TOPIC: journeys,
        BAD_EVENTS_TOPIC: bad,
        CONSUMER_GROUP: stitcherGroup,
        KAFKA_TOPIC_PARTITIONS: '3',
        MIGRATE_ON_START: 'false',
      }),
      { logger: testLogger(), kafka },
    );
    await stitcher.start();
    realtime = await buildRealtimeService(
      loadRealtimeConfig({
        EVENTS_TOPIC: events,
        BAD_EVENTS_TOPIC: bad,
        CONSUMER_GROUP: realtimeGroup,
        KAFKA_TOPIC_PARTITIONS: '3',
        REDIS_URL: testEnv.redisUrl,
        REDIS_KEY_PREFIX: redis.prefix,
      }),
      { logger: testLogger(), kafka },
    );
    await realtime.start();
  }, 120_000);
  afterAll(async () => {
    await ingest?.stop();
    await realtime?.stop();
    await stitcher?.stop();
    await redis?.cleanup();
    await db?.drop();
  });

  async function post(url: string, headers: Record<string, string>, body: unknown) {
    const response = await ingest.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
    expect(response.json()).toMatchObject({ rejected: 0 });
    expect(response.statusCode).toBe(202);
  }

  const journeyOf = (orderId: string) =>
    waitFor(async () => {
      const { rows } = await db.pool.query<JourneyRow>(
        `SELECT customer_id, revenue::text, currency, channel_path, touchpoints
           FROM customer_journeys WHERE order_id = $1`,
        [orderId],
      );
      // The anonymous landing joins the journey once the identify links it, whatever the order.
      return rows[0] && rows[0].touchpoints.length >= 1 ? rows[0] : undefined;
    });

  it('Given one visit sent as analytics.js and server-library calls and the same visit as native events, Then journeys, live views and recently viewed agree', async () => {
    const base = new Date();
    const visit = (who: string) =>
      segmentVisit(
        base,
        {
          user: uniqueName(`${who}-u`),
          anon: uniqueName(`${who}-a`),
          oldAnon: uniqueName(`${who}-a0`),
          prefix: uniqueName(who),
          order: uniqueName(`${who}-o`),
        },
        // Steps of 5 s: the product views fall inside the live views' 5-minute window.
        5_000,
      );
    const seg = visit('seg');
    const nat = visit('nat');
    const writeKey = {
      authorization: `Basic ${Buffer.from(`${TEST_SECRETS.producerKey}:`).toString('base64')}`,
    };
    await post('/v1/page', writeKey, seg.browserPage);
    await post('/v1/batch', writeKey, seg.browserBatch);
    await post('/v1/batch', writeKey, seg.serverBatch);
    await post('/v1/events', { 'x-api-key': TEST_SECRETS.producerKey }, { events: nat.native });

    const orderOf = (v: typeof seg) =>
      (v.native.find((e) => e.type === 'order_completed')?.properties as { order_id: string })
        .order_id;
    const [fromSegment, fromNative] = await Promise.all([
      journeyOf(orderOf(seg)),
      journeyOf(orderOf(nat)),
    ]);
    const shape = (j: JourneyRow) => ({
      revenue: j.revenue,
      currency: j.currency,
      channel_path: j.channel_path,
      touchpoints: j.touchpoints.map((t) => t.type),
    });
    expect(shape(fromSegment)).toEqual(shape(fromNative));
    expect(shape(fromSegment)).toMatchObject({
      revenue: '37.98',
      currency: 'TRY',
      // The ad-click landing; direct page views are not touchpoints (the stitching policy).
      channel_path: ['paid_search'],
      touchpoints: ['page_view'],
    });
    // The customer is the logged-in user in both, reached through the identify link.
    expect(fromSegment.customer_id).toBe(seg.native[4]?.user_id);
    expect(fromNative.customer_id).toBe(nat.native[4]?.user_id);

    const anonOf = (v: typeof seg) => v.native[0]?.anonymous_id as string;
    const recent = async (v: typeof seg) =>
      (await realtime.reader.recentlyViewed(anonOf(v))).products.map((p) => ({
        ...p,
        // The visits' product ids differ only by the run's prefix.
        product_id: p.product_id.slice(p.product_id.lastIndexOf('-') + 1),
        viewed_at: undefined,
      }));
    const [segRecent, natRecent] = await waitFor(async () => {
      const both = await Promise.all([recent(seg), recent(nat)]);
      return both.every((r) => r.length === 1) && both;
    });
    expect(segRecent).toEqual(natRecent);
    const categories = await realtime.reader.categories({ now: Date.now() });
    expect(categories.categories.find((c) => c.category_id === 'Board_Games')).toMatchObject({
      views: 2,
    });
  });

  it('Given a record both consumers dead-letter, Then each also keeps it on the bad-events topic, naming itself as the source', async () => {
    const producer = await createProducer(kafka);
    try {
      await producer.send(events, [{ key: 'broken', value: '{"event_id": 42' }]);
    } finally {
      await producer.disconnect();
    }
    // The first test's calls were all accepted: these are the topic's only records.
    const kept = (await readTopic(kafka, bad, 2)).map((m) => JSON.parse(m.value) as BadEvent);
    expect(kept.map((b) => b.source).sort()).toEqual(
      [stitcherGroup, realtimeGroup].map((g) => `${events}.dlq from ${g}`).sort(),
    );
    expect(kept[0]).toMatchObject({
      reason: { code: 'MESSAGE_UNDECODABLE' },
      payload: { topic: events, value: '{"event_id": 42', value_encoding: 'utf8' },
      replay: { via: 'kafka', topic: events },
    });
  });
});
