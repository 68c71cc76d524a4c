import type { Pool } from '@tributary/postgres';

export interface WarehouseShape {
  /** Events spread over the days before the reported hour. */
  background: number;
  /** Events inside the reported hour. */
  inHour: number;
  days: number;
  users: number;
  products: number;
  categories: number;
}

// Per event: 88% product_view, 8% order_completed (1-3 items), 4% page_view; 5% of events are
// anonymous, half of those anonymous ids linked to a user. Deterministic: everything derives from
// the row number, so a rerun builds the same warehouse.
const INSERT_EVENTS = `
INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id,
  platform, channel, product_id, category_id, order_id, revenue, currency, payload)
SELECT 'e' || n, kind, at, at, coalesce(uid, aid), uid, aid, 'web', 'direct',
       CASE WHEN kind = 'order_completed' THEN NULL ELSE pid END, NULL,
       CASE WHEN kind = 'order_completed' THEN 'o' || n END,
       CASE WHEN kind = 'order_completed' THEN 10 END, CASE WHEN kind = 'order_completed' THEN 'TRY' END,
       CASE WHEN kind = 'order_completed'
         THEN jsonb_build_object('event_id', 'e' || n, 'type', kind, 'properties', jsonb_build_object(
                'order_id', 'o' || n, 'revenue', '10', 'currency', 'TRY',
                'items', (SELECT jsonb_agg(jsonb_build_object('product_id', 'p' || ((n * 7 + k * 104729) % $6),
                                                              'quantity', 1 + k % 2))
                            FROM generate_series(1, 1 + (n % 3)::int) k)))
         ELSE jsonb_build_object('event_id', 'e' || n, 'type', kind, 'properties', jsonb_build_object('product_id', pid))
       END
  FROM (
    SELECT n,
           $3::timestamptz + ((n - $1) * $4::double precision / ($2 - $1 + 1)) * interval '1 second' AS at,
           CASE WHEN n % 100 < 88 THEN 'product_view' WHEN n % 100 < 96 THEN 'order_completed' ELSE 'page_view' END AS kind,
           CASE WHEN n % 20 = 0 THEN NULL ELSE 'u' || ((n * 31) % $5) END AS uid,
           CASE WHEN n % 20 = 0 THEN 'a' || ((n / 20) % ($5 / 10)) END AS aid,
           'p' || (((n * 2654435761) % 4294967296) % $6) AS pid
      FROM generate_series($1::bigint, $2::bigint) n
  ) g`;

async function insertRange(
  pool: Pool,
  from: number,
  to: number,
  start: Date,
  seconds: number,
  shape: WarehouseShape,
) {
  await pool.query(INSERT_EVENTS, [from, to, start, seconds, shape.users, shape.products]);
}

/** Fills raw_events, products and identity_links; returns the reported hour. */
export async function buildWarehouse(
  pool: Pool,
  shape: WarehouseShape,
  hour: Date,
  log: (m: string) => void,
) {
  const first = new Date(hour.getTime() - shape.days * 86_400_000);
  await pool.query('SELECT ensure_raw_event_partitions($1::date, $2::date)', [first, hour]);
  await pool.query(
    `INSERT INTO products SELECT 'p' || i, 'c' || (i % $2), now() FROM generate_series(0, $1 - 1) i
      WHERE i % 50 <> 0`, // 2% of products have no dimension row: they report under 'unknown'
    [shape.products, shape.categories],
  );
  await pool.query(
    `INSERT INTO identity_links SELECT 'a' || i, 'u' || (i * 7 % $1), now() FROM generate_series(0, $1 / 10 - 1) i
      WHERE i % 2 = 0`,
    [shape.users],
  );
  const chunk = 1_000_000;
  const daySeconds = (hour.getTime() - first.getTime()) / 1000;
  for (let from = 1; from <= shape.background; from += chunk) {
    const to = Math.min(from + chunk - 1, shape.background);
    // Each chunk covers its share of the days before the hour, in time order like a real stream.
    const share = daySeconds / Math.ceil(shape.background / chunk);
    const start = new Date(first.getTime() + ((from - 1) / chunk) * share * 1000);
    await insertRange(pool, from, to, start, share - 0.001, shape);
    log(`background ${to.toLocaleString('en')} / ${shape.background.toLocaleString('en')}`);
  }
  for (let from = 1; from <= shape.inHour; from += chunk) {
    const to = Math.min(from + chunk - 1, shape.inHour);
    const base = shape.background;
    const share = 3600 / Math.ceil(shape.inHour / chunk);
    const start = new Date(hour.getTime() + ((from - 1) / chunk) * share * 1000);
    await insertRange(pool, base + from, base + to, start, share - 0.001, shape);
    log(`in hour ${to.toLocaleString('en')} / ${shape.inHour.toLocaleString('en')}`);
  }
  await pool.query('VACUUM ANALYZE raw_events');
  await pool.query('VACUUM ANALYZE products');
  await pool.query('VACUUM ANALYZE identity_links');
}
