import { compareEvents } from './compare-events';
import type { ResolvedEvent } from './journey-event';
import { isPurchase, type PurchaseFields } from './stitching-policy';

export type PurchaseEvent = ResolvedEvent & PurchaseFields;

export interface Purchase {
  event: PurchaseEvent;
  /** The customer's purchase just before this one, by occurred_at then event_id. */
  previous: PurchaseEvent | null;
}

/** Keeps the first delivery of each event id; a redelivery is the same event. */
export function uniqueEvents<E extends { eventId: string }>(events: readonly E[]): E[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId));
}

/**
 * One purchase per order id: its earliest order_completed event (by occurred_at, event_id);
 * a second event for the same order is not another purchase.
 */
export function purchasesOf(events: readonly ResolvedEvent[]): Purchase[] {
  const firstByOrder = new Map<string, PurchaseEvent>();
  for (const event of events) {
    if (!isPurchase(event)) continue;
    const current = firstByOrder.get(event.orderId);
    if (!current || compareEvents(event, current) < 0) firstByOrder.set(event.orderId, event);
  }
  const lastOfCustomer = new Map<string, PurchaseEvent>();
  return [...firstByOrder.values()].sort(compareEvents).map((event) => {
    const previous = lastOfCustomer.get(event.customerId) ?? null;
    lastOfCustomer.set(event.customerId, event);
    return { event, previous };
  });
}
