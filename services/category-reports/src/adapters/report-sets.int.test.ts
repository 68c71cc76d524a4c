import {
  readReportRows,
  rebuildReportSets,
  reportPeriod,
  type ReportPeriod,
} from '@tributary/category-report-store';
import { withTransaction } from '@tributary/postgres';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import {
  insertIdentityLink,
  insertProducts,
  insertRawEvents,
  type FixtureEvent,
} from '../fixtures/warehouse-events';
import { generateReport, type ReportSource } from './report-repository';

// The sets must give the raw-event statement's figures whatever happened after the events were
// stored: identity links made later, redeliveries, late events, products changing category.
const H = new Date('2026-01-10T13:00:00.000Z');
const DAY = ['2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z'] as const;
const at = (minutes: number) => new Date(H.getTime() + minutes * 60_000);

/** A deterministic mixed hour (and the hour before): identified and anonymous, views and orders. */
function mixedEvents(): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  for (let n = 0; n < 600; n++) {
    const anonymous = n % 4 === 0;
    const person = anonymous
      ? { anonymousId: `a${n % 13}` }
      : { userId: `u${(n * 7) % 23}`, anonymousId: n % 5 === 0 ? `a${n % 13}` : undefined };
    const when = at((n % 70) - 10); // ten minutes of the hour before, then the hour
    if (n % 6 === 5) {
      const items = [
        { product_id: `p${n % 10}`, quantity: 1 + (n % 3) },
        { product_id: `p${(n * 3) % 10}`, quantity: 1, category_id: n % 2 ? 'toys' : 'games' },
      ];
      if (n % 4 === 1) items.push({ product_id: `p${n % 10}`, quantity: 2 }); // listed twice
      // Every third order id comes back in another event (a second order_completed of it).
      events.push({
        id: `o${n}`,
        type: 'order_completed',
        at: when,
        orderId: `ord${n % 40}`,
        items,
        ...person,
      });
    } else {
      // p8 and p9 have no dimension row: their events' categories (two for p9) count.
      const categoryId =
        n % 10 === 9 ? (n % 20 === 9 ? 'toys' : 'games') : n % 10 === 8 ? 'toys' : undefined;
      events.push({
        id: `v${n}`,
        type: 'product_view',
        at: when,
        productId: `p${n % 10}`,
        categoryId,
        ...person,
      });
    }
  }
  return events;
}

describe('report sets give the raw-event figures (real PostgreSQL)', () => {
  let db: TestDatabase;
  const sources: ReportSource[] = [];
  const options = { topN: 3, workMemMb: 64, onSource: (s: ReportSource) => sources.push(s) };

  const rowsOf = (period: ReportPeriod) =>
    Promise.all([
      readReportRows(db.pool, 'top-viewed', period.kind, period.start),
      readReportRows(db.pool, 'top-purchased', period.kind, period.start),
      readReportRows(db.pool, 'conversion', period.kind, period.start),
    ] as const);

  /** The period's rows from the sets (with where they came from), then from raw events alone. */
  async function bothWays(kind: string) {
    const period = reportPeriod(kind, H)!;
    sources.length = 0;
    await generateReport(db.pool, period, at(65), options);
    const fromSets = await rowsOf(period);
    const source = sources[0];
    const coverage = await db.pool.query('DELETE FROM category_report_set_coverage RETURNING *');
    await generateReport(db.pool, period, at(65), options);
    const fromRaw = await rowsOf(period);
    for (const c of coverage.rows as { from_hour: Date; to_hour: Date }[])
      await db.pool.query('INSERT INTO category_report_set_coverage VALUES ($1, $2)', [
        c.from_hour,
        c.to_hour,
      ]);
    expect(sources[1]).toBe('raw-events');
    return { source, fromSets, fromRaw };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertProducts(
      db.pool,
      ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'].map((p, i) => [
        p,
        i < 4 ? 'books' : 'garden',
      ]),
      H,
    );
    // Some anonymous ids are linked before their events are stored...
    for (let a = 0; a < 13; a += 3) await insertIdentityLink(db.pool, `a${a}`, `u${a}`, H);
    await db.pool.query('INSERT INTO category_report_set_coverage VALUES ($1, $2)', [...DAY]);
    const events = mixedEvents();
    // ...stored in three batches as journey-stitcher would, the first one delivered twice.
    for (const batch of [
      events.slice(0, 200),
      events.slice(200, 400),
      events.slice(0, 200),
      events.slice(400),
    ])
      await insertRawEvents(db.pool, batch, { withSets: true });
    // ...and others linked afterwards, to users who also viewed and bought in the hour.
    for (let a = 1; a < 13; a += 3)
      await insertIdentityLink(db.pool, `a${a}`, `u${(a * 7) % 23}`, at(70));
  });
  afterAll(() => db.drop());

  it('counts the hour from its sets with the raw-event figures', async () => {
    const { source, fromSets, fromRaw } = await bothWays('hour');
    expect(source).toBe('hour-sets');
    expect(fromRaw[0].length).toBeGreaterThanOrEqual(9);
    expect(fromRaw[1].length).toBeGreaterThan(5);
    expect(fromSets).toEqual(fromRaw);
  });

  it('merges the hours of a rolling period with the raw-event figures', async () => {
    const { source, fromSets, fromRaw } = await bothWays('last-2h');
    expect(source).toBe('sets');
    expect(fromSets).toEqual(fromRaw);
  });

  it('adds a late event to its own hour', async () => {
    const before = await bothWays('hour');
    await insertRawEvents(
      db.pool,
      [
        { id: 'late1', type: 'product_view', at: at(59), userId: 'u-late', productId: 'p5' },
        {
          id: 'late2',
          type: 'order_completed',
          at: at(59),
          userId: 'u-late',
          orderId: 'late',
          items: [{ product_id: 'p5', quantity: 4 }],
        },
      ],
      { withSets: true },
    );
    const after = await bothWays('hour');
    expect(after.source).toBe('hour-sets');
    expect(after.fromSets).toEqual(after.fromRaw);
    expect(after.fromSets).not.toEqual(before.fromSets);
  });

  it('reads raw events when a product changed category, until a backfill rebuilds the hour', async () => {
    await db.pool.query(`UPDATE products SET category_id = 'garden' WHERE product_id = 'p0'`);
    const period = reportPeriod('hour', H)!;
    sources.length = 0;
    await generateReport(db.pool, period, at(65), options);
    expect(sources).toEqual(['raw-events']);
    const raw = await rowsOf(period);
    expect(raw[2].find((r) => r.category_id === 'garden')?.viewers).toBeGreaterThan(0);

    await withTransaction(db.pool, (client) => rebuildReportSets(client, period.start, period.end));
    const rebuilt = await bothWays('hour');
    expect(rebuilt.source).toBe('hour-sets');
    expect(rebuilt.fromSets).toEqual(raw);
  });

  it('gets its daily partitions from the raw-event partition functions, which still name only raw_events', async () => {
    const created = await db.pool.query<{ name: string }>(
      `SELECT ensure_raw_event_partitions('2026-01-10', '2026-01-10') AS name`,
    );
    expect(created.rows).toEqual([{ name: 'raw_events_p20260110' }]);
    const children = `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE c.relname LIKE 'category_%_p20260110' ORDER BY 1`;
    expect((await db.pool.query(children)).rows).toHaveLength(6);
    // The day's rows moved out of the default partitions: the report still counts them.
    const { fromSets, fromRaw } = await bothWays('hour');
    expect(fromSets).toEqual(fromRaw);

    const detached = await db.pool.query<{ name: string }>(
      `SELECT detach_raw_event_partitions(1, '2026-01-12') AS name`,
    );
    expect(detached.rows.map((r) => r.name)).toContain('raw_events_p20260110');
    expect((await db.pool.query(children)).rows).toEqual([]);
  });
});
