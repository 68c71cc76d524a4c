import { parseJsonValue, poison } from '@tributary/kafka';
import type { ProductView } from '@tributary/realtime-store';
import { formatIssues, parseCustomerEvent } from '@tributary/schemas';
import { productViewFromEvent } from '../domain/product-view-from-event';

/**
 * Decodes a record of events.raw. Other event types are skipped after a bare JSON.parse (no
 * schema check: other consumers own them); a product view must pass the full contract.
 */
export function decodeProductView(value: Buffer | null): ProductView | null {
  const parsed = parseJsonValue(value);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { type?: unknown }).type !== 'product_view'
  ) {
    return null;
  }
  const checked = parseCustomerEvent(parsed);
  if (!checked.ok) throw poison('MESSAGE_INVALID', formatIssues(checked.issues));
  return productViewFromEvent(checked.value) ?? null;
}
