import { loadCatalogue } from './adapters/catalogue-store';
import { randomUUID } from 'node:crypto';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestDatabase,
  createTestTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadStitcherConfig } from './config';
import { buildStitcherService, type StitcherService } from './service';
import { collectTopics, DAY, publishedJourney, sendEvents } from './testing/stitcher-harness';

const NOW = Date.now();
const T =
  Date.UTC(
    new Date(NOW).getUTCFullYear(),
    new Date(NOW).getUTCMonth(),
    new Date(NOW).getUTCDate(),
  ) - DAY;
const iso = (at: number) => new Date(at).toISOString();

type Ids = { user_id?: string; anonymous_id?: string };
function touch(ids: Ids, at: number, over: Partial<CustomerEvent> = {}): CustomerEvent {
  return {
    event_id: randomUUID(),
    type: 'ad_click',
    occurred_at: iso(at),
    received_at: iso(Math.max(at, T)),
    channel: 'paid_search',
    ...ids,
    properties: {},
    ...over,
  };
}
function order(
  ids: Ids,
  at: number,
  orderId: string,
  over: Partial<CustomerEvent> = {},
): CustomerEvent {
  return touch(ids, at, {
    type: 'order_completed',
    channel: 'direct',
    properties: { order_id: orderId, revenue: '120.50', currency: 'EUR' },
    ...over,
  });
}

describe('journey-stitcher through Kafka into PostgreSQL', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: JsonProducer;
  let service: StitcherService;
  let collector: Awaited<ReturnType<typeof collectTopics>>;
  let eventsTopic: string;
  let journeysTopic: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = testKafka();
    [eventsTopic, journeysTopic] = (await createTestTopics(kafka, ['events', 'journeys'])) as [
      string,
      string,
    ];
    producer = await createProducer(kafka);
    const config = loadStitcherConfig({
      DATABASE_URL: db.url,
      EVENTS_TOPIC: eventsTopic,
      JOURNEYS_TOPIC: journeysTopic,
      CONSUMER_GROUP: uniqueName('stitcher'),
      KAFKA_TOPIC_PARTITIONS: '3',
      MIGRATE_ON_START: 'false',
    });
    service = await buildStitcherService(config, { logger: testLogger(), kafka });
    await service.start();
    collector = await collectTopics(kafka, [journeysTopic, `${eventsTopic}.dlq`]);
  });
  afterAll(async () => {
    await collector.stop();
    await service.stop();
    await producer.disconnect();
    await db.drop();
  });

  const send = (...events: CustomerEvent[]) => sendEvents(producer, eventsTopic, events);
  async function journey(orderId: string, version = 1) {
    return waitFor(async () => {
      const { rows } = await db.pool.query<{
        touchpoints: { event_id: string }[];
        customer_id: string;
        version: number;
      }>(
        'SELECT touchpoints, customer_id, version FROM customer_journeys WHERE order_id = $1 AND version >= $2',
        [orderId, version],
      );
      return rows[0];
    });
  }
  const ids = (j: { touchpoints: { event_id: string }[] }) => j.touchpoints.map((t) => t.event_id);
  const published = (orderId: string) =>
    collector
      .of(journeysTopic)
      .map((m) => publishedJourney(m.value))
      .filter((m) => m.order_id === orderId);

  it('keeps a touchpoint exactly one lookback before the purchase and drops one 1 ms earlier', async () => {
    const user = { user_id: uniqueName('u') };
    const inside = touch(user, T - 30 * DAY);
    const outside = touch(user, T - 30 * DAY - 1);
    await send(outside, inside, order(user, T, `${user.user_id}-o`));
    expect(ids(await journey(`${user.user_id}-o`))).toEqual([inside.event_id]);
  });

  it('gives a touchpoint at the previous purchase instant to that purchase, 1 ms later to the next', async () => {
    const user = { user_id: uniqueName('u') };
    const atFirst = touch(user, T - 5 * DAY);
    const after = touch(user, T - 5 * DAY + 1);
    await send(
      atFirst,
      order(user, T - 5 * DAY, `${user.user_id}-o1`),
      after,
      order(user, T, `${user.user_id}-o2`),
    );
    expect(ids(await journey(`${user.user_id}-o1`))).toEqual([atFirst.event_id]);
    expect(ids(await journey(`${user.user_id}-o2`))).toEqual([after.event_id]);
  });

  it('joins anonymous touchpoints once an identify links them, even when the link comes last', async () => {
    const userId = uniqueName('u');
    const anonymous = { anonymous_id: uniqueName('a') };
    const visit = touch(anonymous, T - 3 * DAY, { type: 'email_click', channel: 'email' });
    await send(visit, order({ user_id: userId }, T, `${userId}-o`));
    expect(ids(await journey(`${userId}-o`))).toEqual([]);
    await send(
      touch({ user_id: userId, ...anonymous }, T - 2 * DAY, {
        type: 'identify',
        channel: 'direct',
      }),
    );
    const joined = await journey(`${userId}-o`, 2);
    expect(ids(joined)).toEqual([visit.event_id]);
    expect(joined.customer_id).toBe(userId);
    await waitFor(() => published(`${userId}-o`).length === 2);
    expect(published(`${userId}-o`).map((m) => [m.version, m.touchpoint_count])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('orders touchpoints at the same instant by event id in byte order', async () => {
    const user = { user_id: uniqueName('u') };
    const at = T - DAY;
    const [lower, upper, digit] = [
      touch(user, at, { event_id: `${user.user_id}-b` }),
      touch(user, at, { event_id: `${user.user_id}-Z` }),
      touch(user, at, { event_id: `${user.user_id}-1` }),
    ];
    const earlier = touch(user, at - 1, { event_id: `${user.user_id}-z` });
    await send(lower, upper, digit, earlier, order(user, T, `${user.user_id}-o`));
    expect(ids(await journey(`${user.user_id}-o`))).toEqual([
      earlier.event_id,
      digit.event_id,
      upper.event_id,
      lower.event_id,
    ]);
  });

  it('re-stitches a journey when a touchpoint arrives after it, within the lateness only', async () => {
    const user = { user_id: uniqueName('u') };
    const early = touch(user, T - 2 * DAY);
    await send(early, order(user, T - DAY, `${user.user_id}-o`, { received_at: iso(T - DAY) }));
    expect(ids(await journey(`${user.user_id}-o`))).toEqual([early.event_id]);
    const late = touch(user, T - 3 * DAY, { received_at: iso(T - DAY + 23 * 3_600_000) });
    const tooLate = touch(user, T - 4 * DAY, { received_at: iso(T - DAY + 25 * 3_600_000) });
    await send(tooLate, late);
    expect(ids(await journey(`${user.user_id}-o`, 2))).toEqual([late.event_id, early.event_id]);
    await waitFor(() => published(`${user.user_id}-o`).length === 2);
    expect(published(`${user.user_id}-o`).map((m) => m.version)).toEqual([1, 2]);
  });

  it('re-stitches the next journey when an earlier purchase arrives after it', async () => {
    const user = { user_id: uniqueName('u') };
    const t1 = touch(user, T - 3 * DAY);
    const t2 = touch(user, T - DAY);
    await send(t1, t2, order(user, T, `${user.user_id}-o2`));
    expect(ids(await journey(`${user.user_id}-o2`))).toEqual([t1.event_id, t2.event_id]);
    await send(order(user, T - 2 * DAY, `${user.user_id}-o1`));
    expect(ids(await journey(`${user.user_id}-o1`))).toEqual([t1.event_id]);
    expect(ids(await journey(`${user.user_id}-o2`, 2))).toEqual([t2.event_id]);
  });

  it('changes nothing and publishes nothing when events are delivered twice', async () => {
    const user = { user_id: uniqueName('u') };
    const batch = [touch(user, T - DAY), order(user, T, `${user.user_id}-o`)];
    await send(...batch);
    await journey(`${user.user_id}-o`);
    const sentinel = touch(user, T - 40 * DAY);
    await send(...batch, ...batch, sentinel);
    await waitFor(
      async () =>
        (await db.pool.query('SELECT 1 FROM raw_events WHERE event_id = $1', [sentinel.event_id]))
          .rowCount === 1,
    );
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM raw_events WHERE customer_id = $1',
      [user.user_id],
    );
    expect(rows[0]?.n).toBe(3);
    expect((await journey(`${user.user_id}-o`)).version).toBe(1);
    await waitFor(() => published(`${user.user_id}-o`).length === 1);
    expect(published(`${user.user_id}-o`)).toHaveLength(1);
  });

  it('dead-letters malformed and schema-invalid messages with the reason and keeps consuming', async () => {
    const user = { user_id: uniqueName('u') };
    const noCurrency = order(user, T - DAY, `${user.user_id}-bad`, {
      properties: { order_id: `${user.user_id}-bad`, revenue: '1' },
    });
    await producer.send(eventsTopic, [
      { key: user.user_id, value: '{"event_id": "broken' },
      { key: user.user_id, value: JSON.stringify(noCurrency) },
    ]);
    const good = order(user, T, `${user.user_id}-o`);
    await send(good);
    await journey(`${user.user_id}-o`);
    const dead = await waitFor(() => {
      const mine = collector.of(`${eventsTopic}.dlq`).filter((m) => m.key === user.user_id);
      return mine.length === 2 && mine;
    });
    expect(dead.map((m) => m.headers['x-dlq-code'])).toEqual([
      'MESSAGE_UNDECODABLE',
      'MESSAGE_INVALID',
    ]);
    expect(dead[1]?.headers['x-dlq-reason']).toContain('currency');
    expect(dead.map((m) => m.headers['x-original-topic'])).toEqual([eventsTopic, eventsTopic]);
    const stored = await db.pool.query('SELECT 1 FROM raw_events WHERE order_id = $1', [
      `${user.user_id}-bad`,
    ]);
    expect(stored.rowCount).toBe(0);
  });

  it('stores raw events in daily partitions and the products dimension', async () => {
    const user = { user_id: uniqueName('u') };
    const view = touch(user, T - 10 * DAY, {
      type: 'product_view',
      properties: { product_id: `${user.user_id}-p`, category_id: 'shoes' },
    });
    await send(view);
    const part = await waitFor(async () => {
      const { rows } = await db.pool.query<{ part: string }>(
        'SELECT tableoid::regclass::text AS part FROM raw_events WHERE event_id = $1',
        [view.event_id],
      );
      return rows[0]?.part;
    });
    expect(part).toBe(
      `raw_events_p${iso(T - 10 * DAY)
        .slice(0, 10)
        .replaceAll('-', '')}`,
    );
    const { rows } = await db.pool.query('SELECT category_id FROM products WHERE product_id = $1', [
      `${user.user_id}-p`,
    ]);
    expect(rows).toEqual([{ category_id: 'shoes' }]);
  });

  it("keeps a catalogue product's category whatever later events say; events decide only the rest", async () => {
    const user = { user_id: uniqueName('u') };
    const [listed, unlisted] = [`${user.user_id}-listed`, `${user.user_id}-unlisted`];
    expect(await loadCatalogue(db.pool, [{ productId: listed, categoryId: 'category-2' }])).toBe(1);
    const view = (at: number, product: string, category: string) =>
      touch(user, at, {
        type: 'product_view',
        properties: { product_id: product, category_id: category },
      });
    const events = [
      view(T - 9 * DAY, listed, 'category-11'),
      view(T - 8 * DAY, listed, 'category-5'),
      view(T - 8 * DAY, unlisted, 'category-7'),
      view(T - 9 * DAY, unlisted, 'category-3'),
    ];
    await send(...events);
    await waitFor(async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM raw_events WHERE event_id = ANY($1)',
        [events.map((e) => e.event_id)],
      );
      return rows[0]?.n === events.length || undefined;
    });
    const { rows } = await db.pool.query(
      'SELECT product_id, category_id, source FROM products WHERE product_id = ANY($1) ORDER BY product_id',
      [[listed, unlisted]],
    );
    expect(rows).toEqual([
      { product_id: listed, category_id: 'category-2', source: 'catalogue' },
      { product_id: unlisted, category_id: 'category-7', source: 'event' },
    ]);
    // A later catalogue load is the authority again; reloading the same map changes nothing.
    expect(await loadCatalogue(db.pool, [{ productId: unlisted, categoryId: 'category-9' }])).toBe(
      1,
    );
    expect(await loadCatalogue(db.pool, [{ productId: unlisted, categoryId: 'category-9' }])).toBe(
      0,
    );
  });
});
