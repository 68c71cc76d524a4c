import { createTestRedis, type TestRedis } from '@tributary/testing';
import type { ProductView, WindowView } from './product-view';
import { createRealtimeReader, type RealtimeReader } from './reader';
import { DEFAULT_SETTINGS } from './settings';
import { aggregateWindow } from './window-rules';
import { createRealtimeWriter, type RealtimeWriter } from './writer';
import { RealtimeQueryError } from './errors';
import { recentKeys } from './keys';

const T = Date.parse('2025-03-01T12:00:00.000Z');
const SEC = 1000;
const MIN = 60 * SEC;
const W = 5 * MIN;
let seq = 0;

function view(over: Partial<ProductView> = {}): ProductView {
  seq += 1;
  const occurredAt = over.occurredAt ?? T;
  return {
    eventId: `e${seq}`,
    userId: 'u1',
    productId: 'p1',
    categoryId: 'c1',
    platform: 'web',
    occurredAt,
    receivedAt: occurredAt,
    ...over,
  };
}

describe('realtime store (real Redis)', () => {
  let test: TestRedis;
  let writer: RealtimeWriter;
  let reader: RealtimeReader;

  beforeEach(async () => {
    test = await createTestRedis();
    writer = createRealtimeWriter(test.redis, DEFAULT_SETTINGS);
    reader = createRealtimeReader(test.redis, DEFAULT_SETTINGS);
  });
  afterEach(() => test.cleanup());

  it('leaves out a view exactly 5 minutes old and keeps one a millisecond younger', async () => {
    await writer.applyViews(
      [
        view({ userId: 'old', occurredAt: T - W, receivedAt: T - W + 10 }),
        view({ userId: 'edge', occurredAt: T - W + 1, receivedAt: T - W + 10 }),
      ],
      T - W + 10,
    );
    const users = await reader.users({ now: T });
    expect(users.users.map((u) => u.user_id)).toEqual(['edge']);
    expect(users.window_start).toBe(new Date(T - W).toISOString());
    const later = await reader.users({ now: T + 1 });
    expect(later.users).toEqual([]);
  });

  it('counts out-of-order views and reports each user last view time', async () => {
    await writer.applyViews([view({ occurredAt: T - 1 * SEC, receivedAt: T })], T);
    await writer.applyViews(
      [view({ occurredAt: T - 2 * MIN, receivedAt: T, categoryId: 'c2', platform: 'ios' })],
      T,
    );
    const snap = await reader.snapshot({ now: T });
    expect(snap.users).toEqual([
      { user_id: 'u1', views: 2, last_view_at: new Date(T - SEC).toISOString() },
    ]);
    expect(snap.categories).toEqual([
      { category_id: 'c1', views: 1, distinct_users: 1 },
      { category_id: 'c2', views: 1, distinct_users: 1 },
    ]);
    expect(snap.total_views).toBe(2);
  });

  it('counts a redelivered event once, within a batch and across batches', async () => {
    const v = view({ occurredAt: T - SEC });
    const first = await writer.applyViews([v, v], T);
    const again = await writer.applyViews([v], T);
    expect(first).toMatchObject({ live: 1, duplicates: 1 });
    expect(again).toMatchObject({ live: 0, duplicates: 1 });
    const cats = await reader.categories({ now: T });
    expect(cats.categories).toEqual([{ category_id: 'c1', views: 1, distinct_users: 1 }]);
  });

  it('drops views that arrive after their window and those too far in the future', async () => {
    const result = await writer.applyViews(
      [
        view({ occurredAt: T - W, receivedAt: T }),
        view({ occurredAt: T + 31 * SEC, receivedAt: T }),
        view({ occurredAt: T + 10 * SEC, receivedAt: T, userId: 'skewed' }),
      ],
      T,
    );
    expect(result).toMatchObject({ live: 1, late: 1, future: 1 });
    const users = await reader.users({ now: T });
    // The skewed view counts at its received_at.
    expect(users.users).toEqual([
      { user_id: 'skewed', views: 1, last_view_at: new Date(T).toISOString() },
    ]);
  });

  it('expires views with no new traffic: a minute past the window every answer is empty', async () => {
    await writer.applyViews(
      [view({ occurredAt: T }), view({ occurredAt: T, userId: 'u2', platform: 'ios' })],
      T,
    );
    const busy = await reader.snapshot({ now: T + MIN });
    expect(busy.distinct_users).toBe(2);
    const idle = await reader.snapshot({ now: T + W + MIN });
    expect(idle).toMatchObject({
      total_views: 0,
      distinct_users: 0,
      distinct_categories: 0,
      distinct_platforms: 0,
    });
    expect(idle.users).toEqual([]);
    expect(idle.version).not.toBe(busy.version);
    // The past instant is still answerable from the log.
    const past = await reader.snapshot({ now: T + W + MIN, at: T + MIN });
    expect(past.distinct_users).toBe(2);
    expect(past.platforms.map((p) => p.platform)).toEqual(['ios', 'web']);
  });

  it('keeps the incremental aggregates equal to the exact window over random traffic, now and at past instants', async () => {
    let rnd = 42;
    const random = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const log: WindowView[] = [];
    for (let step = 0; step < 40; step += 1) {
      const now = T + step * 20 * SEC;
      const batch = Array.from({ length: 30 }, () =>
        view({
          occurredAt: now - Math.floor(random() * 4 * MIN),
          receivedAt: now,
          userId: `u${Math.floor(random() * 12)}`,
          categoryId: `c${Math.floor(random() * 4)}`,
          platform: ['web', 'ios', 'android'][Math.floor(random() * 3)] ?? 'web',
        }),
      );
      await writer.applyViews(batch, now);
      log.push(...batch);
      const live = await reader.snapshot({ now, limit: 1000 });
      const exact = aggregateWindow(log, now, W);
      expect(live.total_views).toBe(exact.totalViews);
      expect(live.users.map((u) => [u.user_id, u.views, Date.parse(u.last_view_at)])).toEqual(
        exact.users.map((u) => [u.userId, u.views, u.lastViewAt]),
      );
      expect(live.categories.map((c) => [c.category_id, c.views, c.distinct_users])).toEqual(
        exact.categories.map((c) => [c.key, c.views, c.distinctUsers]),
      );
      expect(live.platforms.map((c) => [c.platform, c.views, c.distinct_users])).toEqual(
        exact.platforms.map((c) => [c.key, c.views, c.distinctUsers]),
      );
    }
    const end = T + 39 * 20 * SEC;
    const at = T + 7 * MIN + 123;
    const past = await reader.categories({ now: end, at, limit: 1000 });
    expect(past.categories.map((c) => [c.category_id, c.views, c.distinct_users])).toEqual(
      aggregateWindow(log, at, W).categories.map((c) => [c.key, c.views, c.distinctUsers]),
    );
  });

  it('refuses an instant outside the retention and a limit out of bounds', async () => {
    await expect(
      reader.users({ now: T, at: T - DEFAULT_SETTINGS.retentionMs - 1 }),
    ).rejects.toBeInstanceOf(RealtimeQueryError);
    await expect(reader.users({ now: T, at: T + 1 })).rejects.toMatchObject({
      code: 'AT_OUT_OF_RANGE',
    });
    await expect(reader.recentlyViewed('u1', 51)).rejects.toMatchObject({
      code: 'LIMIT_OUT_OF_RANGE',
    });
  });

  it('lists recently viewed products newest first, distinct, moving a repeated view to the front', async () => {
    await writer.applyViews(
      [
        view({ productId: 'p1', categoryId: 'c1', occurredAt: T }),
        view({ productId: 'p2', categoryId: 'c2', occurredAt: T + SEC }),
        view({ productId: 'p3', categoryId: 'c3', occurredAt: T + 2 * SEC }),
      ],
      T + 2 * SEC,
    );
    await writer.applyViews(
      [view({ productId: 'p1', categoryId: 'c1', occurredAt: T + 3 * SEC })],
      T + 3 * SEC,
    );
    // An older view arriving late does not move p3 back.
    await writer.applyViews(
      [view({ productId: 'p3', occurredAt: T - MIN, receivedAt: T + 4 * SEC })],
      T + 4 * SEC,
    );
    const recent = await reader.recentlyViewed('u1');
    expect(recent.products).toEqual([
      { product_id: 'p1', category_id: 'c1', viewed_at: new Date(T + 3 * SEC).toISOString() },
      { product_id: 'p3', category_id: 'c3', viewed_at: new Date(T + 2 * SEC).toISOString() },
      { product_id: 'p2', category_id: 'c2', viewed_at: new Date(T + SEC).toISOString() },
    ]);
    expect((await reader.recentlyViewed('u1', 2)).products.map((p) => p.product_id)).toEqual([
      'p1',
      'p3',
    ]);
    expect(await reader.recentlyViewed('nobody')).toEqual({ user_id: 'nobody', products: [] });
  });

  it('keeps at most the configured number of products per user and sets their time to live', async () => {
    const views = Array.from({ length: 60 }, (_, i) =>
      view({ productId: `p${i}`, occurredAt: T + i }),
    );
    await writer.applyViews(views, T + 60);
    const recent = await reader.recentlyViewed('u1', 50);
    expect(recent.products).toHaveLength(50);
    expect(recent.products[0]?.product_id).toBe('p59');
    expect(recent.products[49]?.product_id).toBe('p10');
    const ttl = await test.redis.ttl(recentKeys('u1')[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(DEFAULT_SETTINGS.recentTtlSeconds);
  });
});
