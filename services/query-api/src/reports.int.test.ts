import type { HttpApp } from '@tributary/http';
import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

describe('category report routes (real PostgreSQL)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let app: HttpApp;
  const viewer = asKey(KEYS.viewer);
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...viewer, ...headers } });

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    app = await buildTestGateway({ redis: redis.redis, pool: db.pool });
    await db.pool.query(`
      INSERT INTO category_report_runs VALUES
        ('hour', '2026-01-10T13:00:00Z', '2026-01-10T14:00:00Z', '2026-01-10T14:00:05Z', 2, 1, 2),
        ('hour', '2026-01-10T12:00:00Z', '2026-01-10T13:00:00Z', '2026-01-10T13:00:05Z', 0, 0, 0),
        ('last-24h', '2026-01-09T14:00:00Z', '2026-01-10T14:00:00Z', '2026-01-10T14:00:06Z', 0, 0, 1);
      INSERT INTO category_top_products VALUES
        ('hour', '2026-01-10T13:00:00Z', 'viewed', 'shoes', 1, 'p1', 5, 9, NULL),
        ('hour', '2026-01-10T13:00:00Z', 'viewed', 'shoes', 2, '=p2', 3, 3, NULL),
        ('hour', '2026-01-10T13:00:00Z', 'purchased', 'shoes', 1, 'p1', 2, 2, 3);
      INSERT INTO category_conversion VALUES
        ('hour', '2026-01-10T13:00:00Z', 'shoes', 8, 2, 0.25),
        ('hour', '2026-01-10T13:00:00Z', 'hats', 0, 1, NULL),
        ('last-24h', '2026-01-09T14:00:00Z', 'shoes', 20, 4, 0.2);`);
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([redis.cleanup(), db.drop()]);
  });

  it('lists the hours available, newest first, per period kind', async () => {
    type Page = { items: { hour: string }[]; next: string | null };
    const hours = await get('/v1/reports/categories');
    expect(hours.json<Page>().items.map((r) => r.hour)).toEqual(['2026-01-10T13', '2026-01-10T12']);
    // One list envelope with cursor pages: a page of one, then the rest from its next link.
    const first = (await get('/v1/reports/categories?limit=1')).json<Page>();
    expect(first.items.map((r) => r.hour)).toEqual(['2026-01-10T13']);
    const second = (await get(first.next!)).json<Page>();
    expect(second).toEqual({
      items: [expect.objectContaining({ hour: '2026-01-10T12' })],
      next: null,
    });
    const rolling = await get('/v1/reports/categories?period=last-24h');
    expect(rolling.json()).toMatchObject({
      items: [{ hour: '2026-01-10T13', period_kind: 'last-24h', row_counts: { conversion: 1 } }],
      next: null,
    });
    expect((await get('/v1/reports/categories?period=weekly')).statusCode).toBe(400);
  });

  it('serves a report as JSON rows in file order', async () => {
    const top = await get('/v1/reports/categories/2026-01-10T13/top-viewed');
    expect(top.statusCode).toBe(200);
    expect(top.json()).toMatchObject({
      run: { period_kind: 'hour', period_start: '2026-01-10T13:00:00.000Z' },
      rows: [
        { category_id: 'shoes', rank: 1, product_id: 'p1', distinct_viewers: 5, views: 9 },
        { category_id: 'shoes', rank: 2, product_id: '=p2' },
      ],
    });
    const conversion = await get('/v1/reports/categories/2026-01-10T13/conversion');
    expect(conversion.json<{ rows: unknown[] }>().rows).toEqual([
      expect.objectContaining({ category_id: 'hats', purchase_view_ratio: null }),
      expect.objectContaining({ category_id: 'shoes', purchase_view_ratio: '0.2500' }),
    ]);
    const rolling = await get('/v1/reports/categories/2026-01-10T13/conversion?period=last-24h');
    expect(rolling.json()).toMatchObject({
      rows: [{ category_id: 'shoes', viewers: 20, purchase_view_ratio: '0.2000' }],
    });
  });

  it('serves the CSV file for a .csv suffix or Accept: text/csv, with its own ETag', async () => {
    const suffix = await get('/v1/reports/categories/2026-01-10T13/top-viewed.csv');
    expect(suffix.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(suffix.headers['content-disposition']).toContain('2026-01-10T13-hour-top-viewed.csv');
    expect(suffix.body.split('\n')).toEqual([
      'period_start,period_end,category_id,rank,product_id,distinct_viewers,views',
      '2026-01-10T13:00:00.000Z,2026-01-10T14:00:00.000Z,shoes,1,p1,5,9',
      "2026-01-10T13:00:00.000Z,2026-01-10T14:00:00.000Z,shoes,2,'=p2,3,3",
      '',
    ]);
    const accept = await get('/v1/reports/categories/2026-01-10T13/top-viewed', {
      accept: 'text/csv',
    });
    expect(accept.body).toBe(suffix.body);
    const json = await get('/v1/reports/categories/2026-01-10T13/top-viewed');
    expect(json.headers.etag).not.toBe(suffix.headers.etag);
    const notModified = await get('/v1/reports/categories/2026-01-10T13/top-viewed.csv', {
      'if-none-match': String(suffix.headers.etag),
    });
    expect(notModified.statusCode).toBe(304);
  });

  it('gives the header row only for an hour whose report had no rows', async () => {
    const empty = await get('/v1/reports/categories/2026-01-10T12/top-purchased.csv');
    expect(empty.body).toBe(
      'period_start,period_end,category_id,rank,product_id,distinct_buyers,orders,units\n',
    );
  });

  it.each([
    ['a malformed hour', '/v1/reports/categories/2026-01-10/top-viewed', 400],
    ['an impossible hour', '/v1/reports/categories/2026-02-30T10/top-viewed', 400],
    ['an unknown report', '/v1/reports/categories/2026-01-10T13/top-rated', 400],
    ['an hour without a run', '/v1/reports/categories/2026-01-11T13/top-viewed', 404],
  ])('answers %s with a clear error', async (_name, url, status) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.json<{ error: { message: string } }>().error.message).toBeTruthy();
  });
});
