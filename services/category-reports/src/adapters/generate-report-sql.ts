// The statements that compute and store a period's three reports, every figure aggregated in the
// database. $1 period_kind, $2 period start (inclusive), $3 period end (exclusive), $4 top N.
//
// A person is the event's user_id, else the user its anonymous id is linked to, else the
// anonymous id. A product's category is the products dimension's, else the event's (or the order
// item's) category_id, else 'unknown'.
//
// Each statement fills two sets, `viewed` (category, product, person, views) and `bought`
// (category, product, person, orders, units), which the shared tail ranks and stores; the
// statements differ in where those sets come from.

// From raw events: the hour's views and order lines read once (always exact; the slow path).
const RAW_SOURCES = `
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
),`;

// From the hourly sets of any number of hours (migration 0402): the rows are already distinct
// per hour, so this only merges hours and resolves anonymous persons through today's links.
const SET_SOURCES = `
WITH viewed AS MATERIALIZED (
  SELECT s.category_id, s.product_id,
         CASE WHEN s.anonymous THEN coalesce(l.user_id, s.person) ELSE s.person END AS person,
         sum(s.views) AS views
    FROM category_view_sets s
    LEFT JOIN identity_links l ON s.anonymous AND l.anonymous_id = s.person
   WHERE s.hour >= $2::timestamptz AND s.hour < $3::timestamptz
   GROUP BY 1, 2, 3
),
bought AS MATERIALIZED (
  SELECT s.category_id, s.product_id,
         CASE WHEN s.anonymous THEN coalesce(l.user_id, s.person) ELSE s.person END AS person,
         count(DISTINCT s.order_key) AS orders,
         sum(s.units) AS units
    FROM category_purchase_sets s
    LEFT JOIN identity_links l ON s.anonymous AND l.anonymous_id = s.person
   WHERE s.hour >= $2::timestamptz AND s.hour < $3::timestamptz
   GROUP BY 1, 2, 3
),`;

const REPORT_TAIL = `
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

export const GENERATE_REPORT_SQL = RAW_SOURCES + REPORT_TAIL;
export const GENERATE_REPORT_FROM_SETS_SQL = SET_SOURCES + REPORT_TAIL;

// Resolves an anonymous set row's person through today's identity links.
const RESOLVED = `coalesce(l.user_id, a.person)`;

// One hour from its sets without merging them (the scheduled report's case): identified viewers
// are counted as they enter the sets (category_product_view_counts, category_viewer_counts), so
// most figures are sums of a few rows per product; only the anonymous rows (about 5%) are
// resolved and checked against the identified persons of the same key.
// $1 period_kind, $2 hour start, $3 top N (the hour is named by its start, so its rows are found
// by equality, which the sets' keys serve).
export const GENERATE_HOUR_FROM_SETS_SQL = `
WITH view_counts AS (
  SELECT category_id, product_id, sum(viewers) AS users, sum(views) AS views
    FROM category_product_view_counts WHERE hour = $2::timestamptz
   GROUP BY 1, 2
),
anonymous_viewers AS (
  SELECT r.category_id, r.product_id, count(DISTINCT r.person) AS users
    FROM (SELECT a.category_id, a.product_id, ${RESOLVED} AS person
            FROM category_view_sets a LEFT JOIN identity_links l ON l.anonymous_id = a.person
           WHERE a.hour = $2::timestamptz AND a.anonymous) r
    -- One key lookup per anonymous row (LIMIT keeps the planner from hashing every identified row).
    LEFT JOIN LATERAL (SELECT true AS known FROM category_view_sets i
                        WHERE i.hour = $2::timestamptz AND NOT i.anonymous
                          AND i.category_id = r.category_id AND i.product_id = r.product_id
                          AND i.person = r.person LIMIT 1) k ON true
   WHERE k.known IS NULL
   GROUP BY 1, 2
),
viewed_products AS (
  SELECT v.category_id, v.product_id, v.users + coalesce(a.users, 0) AS users, v.views
    FROM view_counts v LEFT JOIN anonymous_viewers a USING (category_id, product_id)
),
purchase_people AS (
  SELECT anonymous, category_id, product_id, person, count(*) AS orders, sum(units) AS units
    FROM category_purchase_sets WHERE hour = $2::timestamptz
   GROUP BY 1, 2, 3, 4
),
purchase_counts AS (
  SELECT category_id, product_id, count(*) FILTER (WHERE NOT anonymous) AS users,
         coalesce(sum(orders) FILTER (WHERE NOT anonymous), 0) AS orders, sum(units) AS units
    FROM purchase_people
   GROUP BY 1, 2
),
anonymous_purchases AS (
  SELECT DISTINCT a.category_id, a.product_id, ${RESOLVED} AS person, a.order_key
    FROM category_purchase_sets a LEFT JOIN identity_links l ON l.anonymous_id = a.person
   WHERE a.hour = $2::timestamptz AND a.anonymous
),
identified_purchases AS MATERIALIZED (
  SELECT category_id, product_id, person, order_key
    FROM category_purchase_sets WHERE hour = $2::timestamptz AND NOT anonymous
     AND person IN (SELECT person FROM anonymous_purchases)
),
anonymous_buyers AS (
  SELECT category_id, product_id,
         count(DISTINCT person) FILTER (WHERE NOT known_person) AS users,
         count(*) FILTER (WHERE NOT known_order) AS orders
    FROM (SELECT r.*,
                 EXISTS (SELECT 1 FROM identified_purchases i
                          WHERE i.category_id = r.category_id AND i.product_id = r.product_id
                            AND i.person = r.person) AS known_person,
                 EXISTS (SELECT 1 FROM identified_purchases i
                          WHERE i.category_id = r.category_id AND i.product_id = r.product_id
                            AND i.person = r.person AND i.order_key = r.order_key) AS known_order
            FROM anonymous_purchases r) flagged
   GROUP BY 1, 2
),
bought_products AS (
  SELECT p.category_id, p.product_id, p.users + coalesce(a.users, 0) AS users,
         p.orders + coalesce(a.orders, 0) AS orders, p.units
    FROM purchase_counts p LEFT JOIN anonymous_buyers a USING (category_id, product_id)
),
category_viewers AS (
  SELECT category_id, sum(viewers) AS users
    FROM category_viewer_counts WHERE hour = $2::timestamptz
   GROUP BY 1
),
anonymous_category_viewers AS (
  SELECT r.category_id, count(DISTINCT r.person) AS users
    FROM (SELECT a.category_id, ${RESOLVED} AS person
            FROM category_viewer_sets a LEFT JOIN identity_links l ON l.anonymous_id = a.person
           WHERE a.hour = $2::timestamptz AND a.anonymous) r
    LEFT JOIN LATERAL (SELECT true AS known FROM category_viewer_sets i
                        WHERE i.hour = $2::timestamptz AND NOT i.anonymous
                          AND i.category_id = r.category_id AND i.person = r.person LIMIT 1) k ON true
   WHERE k.known IS NULL
   GROUP BY 1
),
category_buyers AS (
  SELECT category_id, count(DISTINCT person) AS users
    FROM (SELECT category_id, person FROM purchase_people WHERE NOT anonymous
          UNION ALL
          SELECT category_id, person FROM anonymous_purchases) buyers
   GROUP BY 1
),
per_category AS (
  SELECT category_id,
         coalesce(v.users, 0) + coalesce(av.users, 0) AS viewers, coalesce(b.users, 0) AS buyers
    FROM category_viewers v
    FULL JOIN anonymous_category_viewers av USING (category_id)
    FULL JOIN category_buyers b USING (category_id)
),
top_viewed AS (
  INSERT INTO category_top_products
    (period_kind, period_start, list, category_id, rank, product_id, distinct_users, events, units)
  SELECT $1::text, $2::timestamptz, 'viewed', category_id, rank, product_id, users, views, NULL
    FROM (SELECT category_id, product_id, users, views,
                 row_number() OVER (PARTITION BY category_id ORDER BY users DESC, product_id) AS rank
            FROM viewed_products) ranked
   WHERE rank <= $3::int
  RETURNING 1
),
top_purchased AS (
  INSERT INTO category_top_products
    (period_kind, period_start, list, category_id, rank, product_id, distinct_users, events, units)
  SELECT $1::text, $2::timestamptz, 'purchased', category_id, rank, product_id, users, orders, units
    FROM (SELECT category_id, product_id, users, orders, units,
                 row_number() OVER (PARTITION BY category_id ORDER BY users DESC, product_id) AS rank
            FROM bought_products) ranked
   WHERE rank <= $3::int
  RETURNING 1
),
conversion AS (
  INSERT INTO category_conversion
    (period_kind, period_start, category_id, viewers, buyers, purchase_view_ratio)
  SELECT $1::text, $2::timestamptz, category_id, viewers, buyers,
         CASE WHEN viewers > 0 THEN round(buyers::numeric / viewers, 4) END
    FROM per_category
  RETURNING 1
)
UPDATE category_report_runs
   SET top_viewed_rows = (SELECT count(*) FROM top_viewed),
       top_purchased_rows = (SELECT count(*) FROM top_purchased),
       conversion_rows = (SELECT count(*) FROM conversion)
 WHERE period_kind = $1::text AND period_start = $2::timestamptz
`;
