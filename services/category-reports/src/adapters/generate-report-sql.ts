// One statement computes and stores a period's three reports: the matching events are read once
// (two MATERIALIZED sets) and every figure is aggregated in the database.
// $1 period_kind, $2 period start (inclusive), $3 period end (exclusive), $4 top N.
//
// A person is the event's user_id, else the user its anonymous id is linked to, else the
// anonymous id. A product's category is the products dimension's, else the event's (or the order
// item's) category_id, else 'unknown'.
export const GENERATE_REPORT_SQL = `
WITH viewed AS MATERIALIZED (
  SELECT coalesce(p.category_id, e.category_id, 'unknown') AS category_id,
         e.product_id,
         coalesce(e.user_id, l.user_id, e.customer_id) AS person,
         count(*) AS views
    FROM raw_events e
    LEFT JOIN products p ON p.product_id = e.product_id
    LEFT JOIN identity_links l ON e.user_id IS NULL AND l.anonymous_id = e.anonymous_id
   WHERE e.type = 'product_view'
     AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
     AND e.product_id IS NOT NULL
   GROUP BY 1, 2, 3
),
bought AS MATERIALIZED (
  SELECT coalesce(p.category_id, i.category_id, 'unknown') AS category_id,
         i.product_id,
         coalesce(e.user_id, l.user_id, e.customer_id) AS person,
         count(DISTINCT coalesce(e.order_id, e.event_id)) AS orders,
         sum(coalesce(i.quantity, 1)) AS units
    FROM raw_events e
   CROSS JOIN LATERAL jsonb_to_recordset(
           CASE jsonb_typeof(e.payload #> '{properties,items}')
             WHEN 'array' THEN e.payload #> '{properties,items}' ELSE '[]'::jsonb END
         ) AS i(product_id text COLLATE "C", category_id text COLLATE "C", quantity bigint)
    LEFT JOIN products p ON p.product_id = i.product_id
    LEFT JOIN identity_links l ON e.user_id IS NULL AND l.anonymous_id = e.anonymous_id
   WHERE e.type = 'order_completed'
     AND e.occurred_at >= $2::timestamptz AND e.occurred_at < $3::timestamptz
     AND i.product_id IS NOT NULL
   GROUP BY 1, 2, 3
),
top_viewed AS (
  INSERT INTO category_top_products
    (period_kind, period_start, list, category_id, rank, product_id, distinct_users, events, units)
  SELECT $1::text, $2::timestamptz, 'viewed', category_id, rank, product_id, users, views, NULL
    FROM (SELECT category_id, product_id, count(*) AS users, sum(views) AS views,
                 row_number() OVER (PARTITION BY category_id ORDER BY count(*) DESC, product_id) AS rank
            FROM viewed GROUP BY category_id, product_id) ranked
   WHERE rank <= $4::int
  RETURNING 1
),
top_purchased AS (
  INSERT INTO category_top_products
    (period_kind, period_start, list, category_id, rank, product_id, distinct_users, events, units)
  SELECT $1::text, $2::timestamptz, 'purchased', category_id, rank, product_id, users, orders, units
    FROM (SELECT category_id, product_id, count(*) AS users, sum(orders) AS orders, sum(units) AS units,
                 row_number() OVER (PARTITION BY category_id ORDER BY count(*) DESC, product_id) AS rank
            FROM bought GROUP BY category_id, product_id) ranked
   WHERE rank <= $4::int
  RETURNING 1
),
conversion AS (
  INSERT INTO category_conversion
    (period_kind, period_start, category_id, viewers, buyers, purchase_view_ratio)
  SELECT $1::text, $2::timestamptz, category_id, viewers, buyers,
         CASE WHEN viewers > 0 THEN round(buyers::numeric / viewers, 4) END
    FROM (SELECT category_id,
                 count(DISTINCT person) FILTER (WHERE viewed) AS viewers,
                 count(DISTINCT person) FILTER (WHERE NOT viewed) AS buyers
            FROM (SELECT category_id, person, true AS viewed FROM viewed
                  UNION ALL
                  SELECT category_id, person, false FROM bought) people
           GROUP BY category_id) per_category
  RETURNING 1
)
UPDATE category_report_runs
   SET top_viewed_rows = (SELECT count(*) FROM top_viewed),
       top_purchased_rows = (SELECT count(*) FROM top_purchased),
       conversion_rows = (SELECT count(*) FROM conversion)
 WHERE period_kind = $1::text AND period_start = $2::timestamptz
`;
