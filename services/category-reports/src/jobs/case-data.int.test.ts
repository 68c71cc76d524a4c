import { readReportRows, reportPeriod } from '@tributary/category-report-store';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import { generateReport } from '../adapters/report-repository';
import { caseCategoryMap, caseOrders, caseViews } from '../fixtures/case-dataset';
import { oracleReports } from '../fixtures/report-oracle';
import { insertProducts, insertRawEvents, type FixtureEvent } from '../fixtures/warehouse-events';

// The case's 20,000 real orders (and 30,000 seeded views) with event times inside one hour.
const H = new Date('2026-01-10T13:00:00.000Z');

describe('category reports on the case data (real PostgreSQL)', () => {
  let db: TestDatabase;
  const products = new Map(caseCategoryMap());
  const orders = caseOrders(H);
  const events: FixtureEvent[] = [...orders, ...caseViews(H, 30_000, 42)];
  const period = reportPeriod('hour', H)!;
  const expected = oracleReports(events, products, period, 10);

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertProducts(db.pool, [...products.entries()], H);
    await insertRawEvents(db.pool, events);
    await generateReport(db.pool, period, new Date('2026-01-10T14:05:00Z'), {
      topN: 10,
      workMemMb: 64,
    });
  });
  afterAll(() => db.drop());

  it('the data exercises what matters: ties at ranks 10/11 and products listed twice in one order', () => {
    const twice = orders.filter(
      (o) => new Set(o.items!.map((i) => i.product_id)).size < o.items!.length,
    );
    expect(twice.length).toBe(9);
    expect(orders.every((o) => o.at >= period.start && o.at < period.end)).toBe(true);
  });

  it('ranks top-purchased per category by distinct buyers, ties at ranks 10 and 11 broken by product id', async () => {
    const stored = await readReportRows(db.pool, 'top-purchased', 'hour', H);
    expect(
      stored.map((r) => ({
        category_id: r.category_id,
        rank: r.rank,
        product_id: r.product_id,
        users: r.distinct_buyers,
      })),
    ).toEqual(expected.topPurchased);
    expect(stored.length).toBe(200);
  });

  it('cuts a tie at rank 10/11 at the lower product id in the categories where it happens', async () => {
    const stored = await readReportRows(db.pool, 'top-purchased', 'hour', H);
    const full = oracleReports(events, products, period, 1000).topPurchased;
    const tied = [...new Set(full.map((r) => r.category_id))].filter((category) => {
      const ranks = full.filter((r) => r.category_id === category);
      return ranks[9]!.users === ranks[10]!.users;
    });
    expect(tied.length).toBeGreaterThanOrEqual(2);
    for (const category of tied) {
      const tenth = stored.find((r) => r.category_id === category && r.rank === 10)!;
      const eleventh = full.find((r) => r.category_id === category && r.rank === 11)!;
      expect(tenth.distinct_buyers).toBe(eleventh.users);
      expect(tenth.product_id < eleventh.product_id).toBe(true);
    }
  });

  it('counts a product listed twice in one order once for that buyer, its units twice', async () => {
    // last-1h covers the same hour; with top 1000 every product is listed.
    await generateReport(db.pool, reportPeriod('last-1h', H)!, new Date('2026-01-10T14:05:00Z'), {
      topN: 1000,
      workMemMb: 64,
    });
    const stored = await readReportRows(db.pool, 'top-purchased', 'last-1h', period.start);
    const twice = orders.filter(
      (o) => new Set(o.items!.map((i) => i.product_id)).size < o.items!.length,
    );
    const repeated = new Set(
      twice.flatMap((o) =>
        o.items!.filter(
          (item, i) => o.items!.findIndex((x) => x.product_id === item.product_id) !== i,
        ),
      ),
    );
    for (const { product_id } of repeated) {
      const containing = orders.filter((o) => o.items!.some((i) => i.product_id === product_id));
      const row = stored.find((r) => r.product_id === product_id)!;
      expect({
        product_id,
        buyers: row.distinct_buyers,
        orders: row.orders,
        units: row.units,
      }).toEqual({
        product_id,
        buyers: new Set(containing.map((o) => o.userId)).size,
        orders: containing.length,
        units: containing
          .flatMap((o) => o.items!)
          .filter((i) => i.product_id === product_id)
          .reduce((n, i) => n + i.quantity, 0),
      });
    }
    expect(repeated.size).toBeGreaterThan(0);
  });

  it('agrees with the oracle on top-viewed and conversion', async () => {
    const viewed = await readReportRows(db.pool, 'top-viewed', 'hour', H);
    expect(
      viewed.map((r) => ({
        category_id: r.category_id,
        rank: r.rank,
        product_id: r.product_id,
        users: r.distinct_viewers,
      })),
    ).toEqual(expected.topViewed);
    const conversion = await readReportRows(db.pool, 'conversion', 'hour', H);
    expect(
      conversion.map((r) => ({ category_id: r.category_id, viewers: r.viewers, buyers: r.buyers })),
    ).toEqual(expected.conversion);
    expect(
      conversion.every((r) => r.purchase_view_ratio === (r.buyers / r.viewers).toFixed(4)),
    ).toBe(true);
  });
});
