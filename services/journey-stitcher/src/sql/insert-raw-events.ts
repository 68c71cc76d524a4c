import { CATEGORY_REPORT_SETS_CTES } from '@tributary/category-report-store';
import type { RawEventRow } from '../domain/raw-event-row';

/**
 * One insert of a whole batch (arrays, so the statement text never varies). A redelivered event
 * hits the (event_id, occurred_at) key and is skipped; RETURNING lists only the new ones, which
 * are what the re-stitch scope is built from.
 *
 * The payloads travel as one JSON array rather than a jsonb[]: an array literal escapes every
 * quote of every payload a second time, and parsing it took a third of the insert (200k events:
 * 6.0 s as jsonb[], 4.3 s as one document). ROWS FROM zips the columns with its elements in order.
 *
 * The same statement adds the new events (only those: a redelivery adds nothing) to the hourly
 * category-report sets (@tributary/category-report-store, migration 0402).
 */
export const INSERT_RAW_EVENTS_SQL = `
WITH inserted AS (
INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id,
  session_id, platform, channel, campaign, product_id, category_id, order_id, revenue, currency, payload)
SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::timestamptz[]),
  unnest($4::timestamptz[]), unnest($5::text[]), unnest($6::text[]), unnest($7::text[]),
  unnest($8::text[]), unnest($9::text[]), unnest($10::text[]), unnest($11::text[]),
  unnest($12::text[]), unnest($13::text[]), unnest($14::text[]), unnest($15::numeric[]),
  unnest($16::text[]), jsonb_array_elements($17::jsonb))
ON CONFLICT DO NOTHING
RETURNING *
),
${CATEGORY_REPORT_SETS_CTES}
SELECT event_id FROM inserted`;

export function insertRawEventsParams(rows: readonly RawEventRow[]): unknown[] {
  return [
    rows.map((r) => r.eventId),
    rows.map((r) => r.type),
    // ISO strings: node-postgres would format each Date in local time, field by field.
    rows.map((r) => r.occurredAt.toISOString()),
    rows.map((r) => r.receivedAt.toISOString()),
    rows.map((r) => r.customerId),
    rows.map((r) => r.userId),
    rows.map((r) => r.anonymousId),
    rows.map((r) => r.sessionId),
    rows.map((r) => r.platform),
    rows.map((r) => r.channel),
    rows.map((r) => r.campaign),
    rows.map((r) => r.productId),
    rows.map((r) => r.categoryId),
    rows.map((r) => r.orderId),
    rows.map((r) => r.revenue),
    rows.map((r) => r.currency),
    JSON.stringify(rows.map((r) => r.payload)),
  ];
}
