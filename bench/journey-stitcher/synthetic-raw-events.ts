import type { Pool } from '@tributary/postgres';

/**
 * Fills raw_events with `count` events over `days` days before `end`, set-based: ~50k customers,
 * 40% of visits anonymous (linked by identify events), 10% orders, five channels.
 */
export async function generateRawEvents(
  pool: Pool,
  count: number,
  end: Date,
  days: number,
): Promise<void> {
  const start = new Date(end.getTime() - days * 86_400_000);
  await pool.query('SELECT ensure_raw_event_partitions($1::date, $2::date)', [start, end]);
  await pool.query('SELECT setseed(0.42)');
  await pool.query(
    `INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id,
       channel, campaign, order_id, revenue, currency, payload)
     SELECT 'e' || lpad(g::text, 9, '0'), x.type, x.at, x.at, coalesce(x.uid, x.aid), x.uid, x.aid,
       x.channel, x.campaign,
       CASE WHEN x.type = 'order_completed' THEN 'o' || g END,
       CASE WHEN x.type = 'order_completed' THEN round((10 + r.r6 * 200)::numeric, 2) END,
       CASE WHEN x.type = 'order_completed' THEN 'EUR' END,
       '{}'::jsonb
     FROM generate_series(1, $1::int) g
     CROSS JOIN LATERAL (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, random() r6 WHERE g > 0) r
     CROSS JOIN LATERAL (SELECT
         CASE WHEN r.r1 < 0.10 THEN 'order_completed' WHEN r.r1 < 0.13 THEN 'identify'
              WHEN r.r1 < 0.40 THEN 'ad_click' WHEN r.r1 < 0.60 THEN 'email_click'
              WHEN r.r1 < 0.80 THEN 'page_view' ELSE 'session_start' END AS type,
         floor(r.r2 * 50000)::int AS c,
         $2::timestamptz + (r.r4 * $3::int * interval '1 day') AS at,
         (ARRAY['direct','email','paid_search','social','display'])[1 + floor(r.r5 * 5)::int] AS channel,
         CASE WHEN r.r6 < 0.5 THEN 'c' || floor(r.r6 * 10)::int END AS campaign) t
     CROSS JOIN LATERAL (SELECT t.type, t.at, t.channel, t.campaign,
         CASE WHEN t.type = 'identify' OR r.r3 >= 0.4 THEN 'u' || t.c END AS uid,
         CASE WHEN t.type = 'identify' OR r.r3 < 0.4 THEN 'a' || t.c END AS aid) x`,
    [count, start, days],
  );
  await pool.query(
    `INSERT INTO identity_links (anonymous_id, user_id, linked_at)
     SELECT DISTINCT ON (anonymous_id) anonymous_id, user_id, occurred_at FROM raw_events
     WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL
     ORDER BY anonymous_id, occurred_at, user_id`,
  );
  await pool.query('ANALYZE raw_events');
  await pool.query('ANALYZE identity_links');
}
