import type { RawEventRow } from '../domain/raw-event-row';

/**
 * One multi-row insert of a batch (arrays, so the statement text never varies). A redelivered
 * event hits the (event_id, occurred_at) key and is skipped; RETURNING lists only the new ones,
 * which are what the re-stitch scope is built from.
 */
export const INSERT_RAW_EVENTS_SQL = `
INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id,
  session_id, platform, channel, campaign, product_id, category_id, order_id, revenue, currency, payload)
SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[],
  $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
  $14::text[], $15::numeric[], $16::text[], $17::jsonb[])
ON CONFLICT DO NOTHING
RETURNING event_id`;

export function insertRawEventsParams(rows: readonly RawEventRow[]): unknown[] {
  return [
    rows.map((r) => r.eventId),
    rows.map((r) => r.type),
    rows.map((r) => r.occurredAt),
    rows.map((r) => r.receivedAt),
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
    rows.map((r) => JSON.stringify(r.payload)),
  ];
}
