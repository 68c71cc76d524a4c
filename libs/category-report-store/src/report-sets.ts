import type { Pool, PoolClient } from '@tributary/postgres';

// The hourly category-report sets (migration 0402): what an hour's reports count instead of the
// hour's raw events. One home for the SQL that fills them, used by journey-stitcher's raw insert
// (same statement, new events only) and by the category-reports backfill (rebuild from raw).

// The newest category fact of each product among the events: what journey-stitcher's products
// upsert (UPSERT_PRODUCTS_SQL, later in the same transaction) is about to store.
const BATCH_FACTS = `  SELECT DISTINCT ON (product_id) product_id, category_id, occurred_at
    FROM (SELECT product_id, category_id, occurred_at FROM inserted
           WHERE type = 'product_view' AND product_id IS NOT NULL AND category_id IS NOT NULL
          UNION ALL
          SELECT product_id, category_id, occurred_at FROM report_items
           WHERE category_id IS NOT NULL) facts
   ORDER BY product_id, occurred_at DESC, category_id DESC`;
// A rebuild reads events whose facts the dimension already holds.
const NO_FACTS = `SELECT NULL::text COLLATE "C" AS product_id, NULL::text COLLATE "C" AS category_id,
  NULL::timestamptz AS occurred_at WHERE false`;

/**
 * Data-modifying CTEs that add the events of a relation named `inserted` (raw_events columns) to
 * the sets. Each insert sorts its keys, so two concurrent batches take the rows' locks in the same
 * order (no deadlock between them). Category and person are filed as resolved at this moment (with
 * the batch's own category facts, which the products upsert stores after this statement); the
 * report re-resolves anonymous persons and checks the categories (category_report_product_sources).
 */
function reportSetsCtes(batchFacts: boolean): string {
  return `
report_items AS (
  SELECT e.event_id, e.occurred_at, e.user_id, e.customer_id, e.order_id, i.product_id,
         i.category_id, i.quantity
    FROM inserted e
   CROSS JOIN LATERAL jsonb_to_recordset(
           CASE jsonb_typeof(e.payload #> '{properties,items}')
             WHEN 'array' THEN e.payload #> '{properties,items}' ELSE '[]'::jsonb END
         ) AS i(product_id text COLLATE "C", category_id text COLLATE "C", quantity bigint)
   WHERE e.type = 'order_completed' AND i.product_id IS NOT NULL
),
report_facts AS (${batchFacts ? BATCH_FACTS : NO_FACTS}),
-- A product's category once this batch's facts are in the dimension (the products rule of
-- migrations 0101/0103: a catalogue row stays, else the newest fact wins), else 'unknown'.
report_categories AS (
  SELECT ids.product_id,
         CASE WHEN p.source = 'catalogue' OR f.product_id IS NULL THEN p.category_id
              WHEN p.product_id IS NULL THEN f.category_id
              WHEN (f.occurred_at, f.category_id) > (p.updated_at, p.category_id) THEN f.category_id
              ELSE p.category_id END AS category_id
    FROM (SELECT product_id FROM inserted WHERE type = 'product_view' AND product_id IS NOT NULL
          UNION
          SELECT product_id FROM report_items) ids
    LEFT JOIN products p ON p.product_id = ids.product_id
    LEFT JOIN report_facts f ON f.product_id = ids.product_id
),
report_viewed AS (
  SELECT date_trunc('hour', e.occurred_at, 'UTC') AS hour, e.user_id IS NULL AS anonymous,
         coalesce(c.category_id, e.category_id, 'unknown') AS category_id,
         coalesce(e.category_id, '') AS source_category, e.product_id, e.customer_id AS person
    FROM inserted e
    JOIN report_categories c ON c.product_id = e.product_id
   WHERE e.type = 'product_view' AND e.product_id IS NOT NULL
),
report_lines AS (
  SELECT date_trunc('hour', i.occurred_at, 'UTC') AS hour, i.user_id IS NULL AS anonymous,
         coalesce(c.category_id, i.category_id, 'unknown') AS category_id,
         coalesce(i.category_id, '') AS source_category, i.product_id, i.customer_id AS person,
         coalesce(i.order_id, i.event_id) AS order_key, coalesce(i.quantity, 1) AS units
    FROM report_items i
    JOIN report_categories c ON c.product_id = i.product_id
),
report_view_batch AS (
  SELECT hour, anonymous, category_id, product_id, person, count(*) AS views
    FROM report_viewed GROUP BY 1, 2, 3, 4, 5
),
report_view_sets AS (
  INSERT INTO category_view_sets AS s (hour, anonymous, category_id, product_id, person, views)
  SELECT * FROM report_view_batch ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, anonymous, category_id, product_id, person)
  DO UPDATE SET views = s.views + EXCLUDED.views
  RETURNING hour, anonymous, category_id, product_id, person, views
),
-- A set row is new when its stored views are just this batch's (an existing row had at least 1).
report_view_counts AS (
  INSERT INTO category_product_view_counts AS c
    (hour, category_id, product_id, shard, viewers, views)
  SELECT r.hour, r.category_id, r.product_id, pg_backend_pid() % 64,
         count(*) FILTER (WHERE NOT r.anonymous AND r.views = b.views), sum(b.views)
    FROM report_view_sets r
    JOIN report_view_batch b USING (hour, anonymous, category_id, product_id, person)
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (hour, category_id, product_id, shard)
  DO UPDATE SET viewers = c.viewers + EXCLUDED.viewers, views = c.views + EXCLUDED.views
),
report_viewer_sets AS (
  INSERT INTO category_viewer_sets (hour, anonymous, category_id, person)
  SELECT DISTINCT hour, anonymous, category_id, person FROM report_viewed ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING
  RETURNING hour, anonymous, category_id
),
report_viewer_counts AS (
  INSERT INTO category_viewer_counts AS c (hour, category_id, shard, viewers)
  SELECT hour, category_id, pg_backend_pid() % 64, count(*) FILTER (WHERE NOT anonymous)
    FROM report_viewer_sets GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (hour, category_id, shard) DO UPDATE SET viewers = c.viewers + EXCLUDED.viewers
),
report_purchase_sets AS (
  INSERT INTO category_purchase_sets AS s
    (hour, anonymous, category_id, product_id, person, order_key, units)
  SELECT hour, anonymous, category_id, product_id, person, order_key, sum(units)
    FROM report_lines GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (hour, anonymous, category_id, product_id, person, order_key)
  DO UPDATE SET units = s.units + EXCLUDED.units
),
report_product_sources AS (
  INSERT INTO category_report_product_sources (hour, product_id, source_category, category_id)
  SELECT DISTINCT hour, product_id, source_category, category_id
    FROM (SELECT hour, product_id, source_category, category_id FROM report_viewed
          UNION ALL
          SELECT hour, product_id, source_category, category_id FROM report_lines) facts
   ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING
)`;
}

/** For journey-stitcher's raw insert (its batch's category facts reach products after it). */
export const CATEGORY_REPORT_SETS_CTES = reportSetsCtes(true);

/** For events whose category facts the products dimension already holds (a rebuild, fixtures). */
export const STORED_EVENTS_REPORT_SETS_CTES = reportSetsCtes(false);

const SET_TABLES = [
  'category_view_sets',
  'category_product_view_counts',
  'category_viewer_counts',
  'category_viewer_sets',
  'category_purchase_sets',
  'category_report_product_sources',
] as const;

/**
 * Recomputes the sets of the hours in [from, to) from raw_events (a backfill; hours from before
 * migration 0402) and records them as complete. The EXCLUSIVE lock holds journey-stitcher's raw
 * inserts (which write the sets in the same statement) until the rebuild commits, so an event is
 * counted once: either in the rebuild's read of raw_events or by its own insert after it.
 */
export async function rebuildReportSets(client: PoolClient, from: Date, to: Date): Promise<void> {
  await client.query(`LOCK TABLE ${SET_TABLES.join(', ')} IN EXCLUSIVE MODE`);
  for (const table of SET_TABLES)
    await client.query(`DELETE FROM ${table} WHERE hour >= $1 AND hour < $2`, [from, to]);
  await client.query(
    `WITH inserted AS (
       SELECT * FROM raw_events WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz
     ),
     ${STORED_EVENTS_REPORT_SETS_CTES}
     INSERT INTO category_report_set_coverage (from_hour, to_hour) VALUES ($1, $2)
     ON CONFLICT DO NOTHING`,
    [from, to],
  );
}

/** Whether a period can be reported from the sets, and if not why (for the logs). */
export type SetsReadiness =
  { ready: true } | { ready: false; reason: 'not-covered' | 'recategorised' };

/**
 * A period is reported from the sets when every hour of it is covered (the sets hold all its raw
 * events) and every (product, event category) of it is still filed under the category the report
 * would resolve now; otherwise the raw-event statement gives the exact figures.
 */
export async function setsReadiness(
  db: Pool | PoolClient,
  start: Date,
  end: Date,
): Promise<SetsReadiness> {
  const { rows } = await db.query<{ covered: boolean; consistent: boolean }>(
    `SELECT NOT EXISTS (
              SELECT 1 FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 hour',
                                            interval '1 hour') h
               WHERE NOT EXISTS (SELECT 1 FROM category_report_set_coverage c
                                  WHERE c.from_hour <= h AND c.to_hour > h)) AS covered,
            NOT EXISTS (
              SELECT 1 FROM category_report_product_sources s
                LEFT JOIN products p ON p.product_id = s.product_id
               WHERE s.hour >= $1::timestamptz AND s.hour < $2::timestamptz
                 AND s.category_id <> coalesce(p.category_id, nullif(s.source_category, ''), 'unknown')
            ) AS consistent`,
    [start, end],
  );
  const row = rows[0];
  if (!row?.covered) return { ready: false, reason: 'not-covered' };
  if (!row.consistent) return { ready: false, reason: 'recategorised' };
  return { ready: true };
}
