import { customerKey, type CustomerEvent } from '@tributary/schemas';
import type { JourneyEvent } from './journey-event';

export interface RawEventRow extends JourneyEvent {
  /** user_id, else anonymous_id: fixed at ingest; identity links apply at stitch time. */
  customerId: string;
  sessionId: string | null;
  platform: string | null;
  productId: string | null;
  categoryId: string | null;
  payload: CustomerEvent;
}

export interface ProductCategory {
  productId: string;
  categoryId: string;
  updatedAt: Date;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Money arrives as a decimal string or a JSON number; String() of a number is its exact literal. */
function money(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/**
 * The warehouse row of a validated event. Times keep millisecond precision (what Date holds), so
 * the stored row and the TypeScript stitching oracle see the same instants.
 */
export function toRawEventRow(event: CustomerEvent): RawEventRow {
  const props = event.properties ?? {};
  const isOrder = event.type === 'order_completed';
  return {
    eventId: event.event_id,
    type: event.type,
    occurredAt: new Date(event.occurred_at),
    receivedAt: new Date(event.received_at),
    customerId: customerKey(event),
    userId: event.user_id ?? null,
    anonymousId: event.anonymous_id ?? null,
    sessionId: event.session_id ?? null,
    platform: event.platform ?? null,
    channel: event.channel,
    // Ad events name their campaign in properties when the click carries no UTM tags.
    campaign: event.marketing?.utm_campaign ?? text(props['campaign_id']),
    productId: isOrder ? null : text(props['product_id']),
    categoryId: isOrder ? null : text(props['category_id']),
    orderId: isOrder ? text(props['order_id']) : null,
    revenue: isOrder ? money(props['revenue']) : null,
    currency: isOrder ? text(props['currency']) : null,
    payload: event,
  };
}

/** Product -> category facts an event carries (viewed products, order items with a category). */
export function productCategoriesOf(event: CustomerEvent): ProductCategory[] {
  const updatedAt = new Date(event.occurred_at);
  const props = event.properties ?? {};
  const candidates: unknown[] = Array.isArray(props['items']) ? props['items'] : [props];
  const facts = new Map<string, ProductCategory>();
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const record = candidate as Record<string, unknown>;
    const productId = text(record['product_id']);
    const categoryId = text(record['category_id']);
    if (productId && categoryId && !facts.has(productId)) {
      facts.set(productId, { productId, categoryId, updatedAt });
    }
  }
  return [...facts.values()];
}
