import type { CustomerEvent } from '@tributary/schemas';
import type { ProductView } from '@tributary/realtime-store';

/** The one place that reads a raw event as a product view; absent fields read as 'unknown'. */
export function productViewFromEvent(event: CustomerEvent): ProductView | undefined {
  if (event.type !== 'product_view') return undefined;
  const props = event.properties ?? {};
  const productId = props.product_id;
  if (typeof productId !== 'string' || productId === '') return undefined;
  const categoryId = props.category_id;
  return {
    eventId: event.event_id,
    userId: event.user_id ?? event.anonymous_id ?? 'unknown',
    productId,
    categoryId: typeof categoryId === 'string' && categoryId !== '' ? categoryId : 'unknown',
    platform: event.platform ?? 'unknown',
    occurredAt: Date.parse(event.occurred_at),
    receivedAt: Date.parse(event.received_at),
  };
}
