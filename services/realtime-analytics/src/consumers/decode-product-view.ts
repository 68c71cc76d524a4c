import { poison } from '@tributary/kafka';
import type { ProductView } from '@tributary/realtime-store';
import { formatIssues, parseCustomerEvent } from '@tributary/schemas';
import { productViewFromEvent } from '../domain/product-view-from-event';

// Confluent wire format: magic byte 0, 4-byte schema id, then the JSON document.
const WIRE_HEADER_BYTES = 5;

/**
 * Decodes a record of events.raw. Other event types are skipped after a bare JSON.parse (no
 * schema check: other consumers own them); a product view must pass the full contract.
 */
export function decodeProductView(value: Buffer | null): ProductView | null {
  if (!value || value.length === 0) throw poison('MESSAGE_UNDECODABLE', 'empty message value');
  const text =
    value[0] === 0 ? value.subarray(WIRE_HEADER_BYTES).toString('utf8') : value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw poison('MESSAGE_UNDECODABLE', 'value is not valid JSON', err);
  }
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
