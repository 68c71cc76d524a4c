import type { CustomerEventInput } from '@tributary/schemas';

/**
 * The e-commerce case's own records (seed 001): `OrderEvent` and `ProductView`. They carry no
 * time, so the caller assigns `occurredAt`; categories come from the case's product map.
 */
export type CategoryMap = ReadonlyMap<string, string>;

interface OrderEvent {
  event: 'OrderEvent';
  messageid: string;
  userid: string;
  orderid: number | string;
  lineitems: { productid: string; quantity: number }[];
}
interface ProductView {
  event: 'ProductView';
  messageid: string;
  userid: string;
  properties: { productid: string };
  context?: { source?: string };
}

export function isHepsiburadaRecord(value: unknown): value is OrderEvent | ProductView {
  const event = (value as { event?: unknown } | null)?.event;
  return event === 'OrderEvent' || event === 'ProductView';
}

/** Parses `productid,categoryid` lines. */
export function parseCategoryMap(csv: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [product, category] = line.split(',').map((s) => s.trim());
    if (product && category) map.set(product, category);
  }
  return map;
}

/** Platform names of the case ("desktop", "mobile-app") kept as slugs. */
const platformOf = (source: string | undefined) =>
  (source ?? 'unknown').toLowerCase().replace(/[^a-z0-9_.-]/g, '-');

export function mapHepsiburadaRecord(
  record: OrderEvent | ProductView,
  categories: CategoryMap,
  occurredAt: Date,
): CustomerEventInput {
  const occurred_at = occurredAt.toISOString();
  if (record.event === 'ProductView') {
    const productId = record.properties.productid;
    const category = categories.get(productId);
    return {
      event_id: record.messageid,
      type: 'product_view',
      occurred_at,
      user_id: record.userid,
      platform: platformOf(record.context?.source),
      properties: { product_id: productId, ...(category ? { category_id: category } : {}) },
    };
  }
  return {
    event_id: record.messageid,
    type: 'order_completed',
    occurred_at,
    user_id: record.userid,
    properties: {
      order_id: String(record.orderid),
      // The case's orders carry no prices: revenue is unknown, recorded as 0 in TRY.
      revenue: '0',
      currency: 'TRY',
      items: record.lineitems.map((item) => {
        const category = categories.get(item.productid);
        return {
          product_id: item.productid,
          quantity: item.quantity,
          ...(category ? { category_id: category } : {}),
        };
      }),
    },
  };
}
