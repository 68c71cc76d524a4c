import { readReportRows, reportPeriod, type ReportName } from '@tributary/category-report-store';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import {
  insertIdentityLink,
  insertProducts,
  insertRawEvents,
  type FixtureEvent,
} from '../fixtures/warehouse-events';
import { generateReport, type ReportSource } from './report-repository';
import { rebuildReportSets } from '@tributary/category-report-store';
import { withTransaction } from '@tributary/postgres';

const H = new Date('2026-01-10T13:00:00.000Z');
const at = (minutes: number) => new Date(H.getTime() + minutes * 60_000);
const PERIOD = { period_start: '2026-01-10T13:00:00.000Z', period_end: '2026-01-10T14:00:00.000Z' };
const sources: ReportSource[] = [];
const options = { topN: 10, workMemMb: 64, onSource: (s: ReportSource) => sources.push(s) };

let seq = 0;
const view = (
  user: string,
  product: string,
  when: Date = at(30),
  extra: Partial<FixtureEvent> = {},
): FixtureEvent => ({
  id: `v${++seq}`,
  type: 'product_view',
  at: when,
  userId: user,
  productId: product,
  ...extra,
});
const order = (
  user: string,
  id: string,
  items: FixtureEvent['items'],
  when: Date = at(40),
): FixtureEvent => ({
  id: `o${++seq}`,
  type: 'order_completed',
  at: when,
  userId: user,
  orderId: id,
  items,
});

const books = ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10', 'p11', 'p12'];
const EVENTS: FixtureEvent[] = [
  // books: u1 views p01 twice (one viewer, two views); p01 and p02 tie on 3 viewers.
  view('u1', 'p01', at(1)),
  view('u1', 'p01', at(2)),
  view('u2', 'p01'),
  view('u3', 'p01'),
  view('u3', 'p02'),
  view('u2', 'p02'),
  view('u1', 'p02'),
  view('u4', 'p03'),
  view('u5', 'p03'),
  view('u4', 'p04'),
  view('u5', 'p04'),
  // p05..p12 one viewer each: ranks 5..10 are p05..p10, p11 and p12 tie out at rank 11 and 12.
  ...books.slice(4).map((p) => view('u10', p)),
  // Just outside the hour: would lift p12 to rank 3 and p11 to rank 5 if counted.
  view('u8', 'p12', new Date(H.getTime() - 1)),
  view('u9', 'p12', new Date(H.getTime() - 1)),
  view('u7', 'p11', at(60)),
  view('u7', 'p11', at(60)),
  // garden: viewed, never bought.
  view('u1', 'g1'),
  view('u4', 'g1'),
  view('u5', 'g2'),
  // toys: x1 has no dimension row, so the event's category counts; the anonymous viewer a1 is u6.
  view('u6', 'x1', at(5), { categoryId: 'toys' }),
  { ...view('', 'x1', at(6), { categoryId: 'toys' }), userId: undefined, anonymousId: 'a1' },
  // No category anywhere: 'unknown'.
  view('u2', 'z1'),
  { id: 'pv1', type: 'page_view', at: at(3), userId: 'u9', productId: 'p12' },
  // Orders: p01 listed twice in o1 counts once for u1 (units still add up).
  order('u1', 'o1', [
    { product_id: 'p01', quantity: 2 },
    { product_id: 'p01', quantity: 1 },
    { product_id: 'p02', quantity: 1 },
  ]),
  order('u2', 'o2', [{ product_id: 'p01', quantity: 1 }]),
  order('u1', 'o3', [{ product_id: 'p02', quantity: 1 }]),
  order('u3', 'o4', [{ product_id: 'x2', quantity: 5, category_id: 'toys' }]),
  order('u4', 'o5', [{ product_id: 'p03', quantity: 1 }], at(60)),
];

type Mode = 'raw events' | 'sets rebuilt from raw events' | 'sets written with the events';
// Where each mode's hour and 2-hour periods are read from.
const EXPECTED_SOURCES: Record<Mode, [ReportSource, ReportSource]> = {
  'raw events': ['raw-events', 'raw-events'],
  'sets rebuilt from raw events': ['hour-sets', 'sets'],
  'sets written with the events': ['hour-sets', 'sets'],
};

describe.each(Object.keys(EXPECTED_SOURCES) as Mode[])(
  'generateReport from %s (real PostgreSQL, hand-made data)',
  (mode) => {
    let db: TestDatabase;
    const [hourSource, rollingSource] = EXPECTED_SOURCES[mode];

    beforeAll(async () => {
      db = await createTestDatabase();
      await insertProducts(
        db.pool,
        [...books.map((p) => [p, 'books'] as const), ['g1', 'garden'], ['g2', 'garden']],
        H,
      );
      await insertIdentityLink(db.pool, 'a1', 'u6', H);
      // The migration covers the hours from its own; these modes cover the fixture's day.
      await insertRawEvents(db.pool, EVENTS, { withSets: mode === 'sets written with the events' });
      if (mode === 'sets written with the events')
        await db.pool.query(
          `INSERT INTO category_report_set_coverage VALUES ('2026-01-10T00:00Z', '2026-01-11T00:00Z')`,
        );
      if (mode === 'sets rebuilt from raw events')
        await withTransaction(db.pool, (client) =>
          rebuildReportSets(client, new Date('2026-01-10T00:00Z'), new Date('2026-01-11T00:00Z')),
        );
      sources.length = 0;
    });
    afterAll(() => db.drop());

    const rows = <N extends ReportName>(name: N, kind = 'hour') =>
      readReportRows(db.pool, name, kind, reportPeriod(kind, H)!.start);

    it('stores exactly the expected rows of the hour', async () => {
      const run = await generateReport(db.pool, reportPeriod('hour', H)!, at(65), options);
      expect(run).toEqual({
        period_kind: 'hour',
        ...PERIOD,
        generated_at: '2026-01-10T14:05:00.000Z',
        row_counts: { 'top-viewed': 14, 'top-purchased': 3, conversion: 4 },
      });
      expect(sources).toEqual([hourSource]);

      const viewedRow = (
        category: string,
        rank: number,
        product: string,
        viewers: number,
        views: number,
      ) => ({
        ...PERIOD,
        category_id: category,
        rank,
        product_id: product,
        distinct_viewers: viewers,
        views,
      });
      expect(await rows('top-viewed')).toEqual([
        viewedRow('books', 1, 'p01', 3, 4),
        viewedRow('books', 2, 'p02', 3, 3),
        viewedRow('books', 3, 'p03', 2, 2),
        viewedRow('books', 4, 'p04', 2, 2),
        ...['p05', 'p06', 'p07', 'p08', 'p09', 'p10'].map((p, i) =>
          viewedRow('books', 5 + i, p, 1, 1),
        ),
        viewedRow('garden', 1, 'g1', 2, 2),
        viewedRow('garden', 2, 'g2', 1, 1),
        viewedRow('toys', 1, 'x1', 1, 2),
        viewedRow('unknown', 1, 'z1', 1, 1),
      ]);

      expect(await rows('top-purchased')).toEqual([
        {
          ...PERIOD,
          category_id: 'books',
          rank: 1,
          product_id: 'p01',
          distinct_buyers: 2,
          orders: 2,
          units: 4,
        },
        {
          ...PERIOD,
          category_id: 'books',
          rank: 2,
          product_id: 'p02',
          distinct_buyers: 1,
          orders: 2,
          units: 2,
        },
        {
          ...PERIOD,
          category_id: 'toys',
          rank: 1,
          product_id: 'x2',
          distinct_buyers: 1,
          orders: 1,
          units: 5,
        },
      ]);

      expect(await rows('conversion')).toEqual([
        { ...PERIOD, category_id: 'books', viewers: 6, buyers: 2, purchase_view_ratio: '0.3333' },
        { ...PERIOD, category_id: 'garden', viewers: 3, buyers: 0, purchase_view_ratio: '0.0000' },
        { ...PERIOD, category_id: 'toys', viewers: 1, buyers: 1, purchase_view_ratio: '1.0000' },
        { ...PERIOD, category_id: 'unknown', viewers: 1, buyers: 0, purchase_view_ratio: '0.0000' },
      ]);
    });

    it('replaces a rerun of the same hour with identical rows', async () => {
      const before = await Promise.all([
        rows('top-viewed'),
        rows('top-purchased'),
        rows('conversion'),
      ]);
      const again = await generateReport(db.pool, reportPeriod('hour', H)!, at(70), options);
      expect(again.generated_at).toBe('2026-01-10T14:10:00.000Z');
      expect(
        await Promise.all([rows('top-viewed'), rows('top-purchased'), rows('conversion')]),
      ).toEqual(before);
      const { rows: runs } = await db.pool.query(
        'SELECT count(*)::int AS n FROM category_report_runs',
      );
      expect(runs[0]).toEqual({ n: 1 });
    });

    it('counts the events before the hour in a rolling period that covers them', async () => {
      sources.length = 0;
      await generateReport(db.pool, reportPeriod('last-2h', H)!, at(65), options);
      expect(sources).toEqual([rollingSource]);
      const top = await rows('top-viewed', 'last-2h');
      expect(top.slice(0, 3).map((r) => [r.product_id, r.distinct_viewers])).toEqual([
        ['p01', 3],
        ['p02', 3],
        ['p12', 3],
      ]);
    });

    it('runs two generations of one period at once without a conflict', async () => {
      const period = reportPeriod('hour', H)!;
      const runs = await Promise.all([
        generateReport(db.pool, period, at(80), options),
        generateReport(db.pool, period, at(81), options),
      ]);
      expect(runs[1].row_counts).toEqual(runs[0].row_counts);
      expect((await rows('conversion')).length).toBe(4);
    });

    it('stores a run with no rows for an hour without events', async () => {
      const empty = await generateReport(
        db.pool,
        reportPeriod('hour', new Date('2026-01-01T00:00:00Z'))!,
        at(65),
        options,
      );
      expect(empty.row_counts).toEqual({ 'top-viewed': 0, 'top-purchased': 0, conversion: 0 });
    });
  },
);
