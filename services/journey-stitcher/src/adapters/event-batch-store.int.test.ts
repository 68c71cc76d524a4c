import { setsReadiness } from '@tributary/category-report-store';
import type { CustomerEvent } from '@tributary/schemas';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import { toRawEventRow } from '../domain/raw-event-row';
import { DEFAULT_STITCHING_POLICY } from '../domain/stitching-policy';
import { storeEventBatch } from './event-batch-store';

// The raw insert also writes the hourly category-report sets (migration 0402), for new events
// only: a redelivered batch must not count its views or units twice.
const event = (
  id: string,
  minute: number,
  fields: Partial<CustomerEvent> & Pick<CustomerEvent, 'type'>,
): CustomerEvent => {
  const at = new Date(Date.UTC(2026, 0, 10, 13, minute)).toISOString();
  return { event_id: id, occurred_at: at, received_at: at, channel: 'direct', ...fields };
};

const BATCH = [
  event('v1', 1, {
    type: 'product_view',
    user_id: 'u1',
    properties: { product_id: 'p1', category_id: 'books' },
  }),
  event('v2', 2, { type: 'product_view', user_id: 'u1', properties: { product_id: 'p1' } }),
  event('v3', 3, { type: 'product_view', anonymous_id: 'a1', properties: { product_id: 'p1' } }),
  event('o1', 4, {
    type: 'order_completed',
    user_id: 'u1',
    properties: {
      order_id: 'ord1',
      revenue: '10',
      currency: 'TRY',
      items: [
        { product_id: 'p1', quantity: 2 },
        { product_id: 'p1', quantity: 1 },
      ],
    },
  }),
  event('v4', 75, { type: 'product_view', user_id: 'u2', properties: { product_id: 'p1' } }),
];

describe('storeEventBatch and the category-report sets (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('adds each new event once to its hour, a redelivery nothing', async () => {
    const rows = BATCH.map(toRawEventRow);
    const now = () => new Date('2026-01-10T15:00:00Z');
    await storeEventBatch(db.pool, rows, DEFAULT_STITCHING_POLICY, now);
    await storeEventBatch(db.pool, rows, DEFAULT_STITCHING_POLICY, now);

    const views = await db.pool.query(
      `SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS hour, anonymous, category_id, product_id,
              person, views::int FROM category_view_sets ORDER BY 1, 2, 5`,
    );
    expect(views.rows).toEqual([
      // Filed under the batch's own category fact, which the products upsert stores after them.
      {
        hour: '13',
        anonymous: false,
        category_id: 'books',
        product_id: 'p1',
        person: 'u1',
        views: 2,
      },
      {
        hour: '13',
        anonymous: true,
        category_id: 'books',
        product_id: 'p1',
        person: 'a1',
        views: 1,
      },
      {
        hour: '14',
        anonymous: false,
        category_id: 'books',
        product_id: 'p1',
        person: 'u2',
        views: 1,
      },
    ]);
    const purchases = await db.pool.query(
      'SELECT category_id, product_id, person, order_key, units::int FROM category_purchase_sets',
    );
    expect(purchases.rows).toEqual([
      { category_id: 'books', product_id: 'p1', person: 'u1', order_key: 'ord1', units: 3 },
    ]);
    // Filed as the report resolves them now: the hours can be counted from their sets.
    await db.pool.query(
      `INSERT INTO category_report_set_coverage VALUES ('2026-01-10T00:00Z', '2026-01-11T00:00Z')`,
    );
    expect(
      await setsReadiness(db.pool, new Date('2026-01-10T13:00Z'), new Date('2026-01-10T15:00Z')),
    ).toEqual({ ready: true });
  });
});
