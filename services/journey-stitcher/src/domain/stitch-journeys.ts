import { compareEvents } from './compare-events';
import { resolveEvents, type IdentityLinks } from './identity-links';
import { toStoredTouchpoint, type JourneyEvent, type StoredTouchpoint } from './journey-event';
import { purchasesOf, uniqueEvents, type Purchase } from './purchases';
import { isTouchpoint, type StitchingPolicy } from './stitching-policy';

export interface Journey {
  journeyId: string;
  customerId: string;
  orderId: string;
  convertedAt: Date;
  revenue: string;
  currency: string;
  touchpoints: StoredTouchpoint[];
  channelPath: string[];
  touchpointCount: number;
  firstTouchAt: Date | null;
  lastTouchAt: Date | null;
}

export function journeyIdOf(orderId: string): string {
  return `j:${orderId}`;
}

/**
 * The specification of a journey (README "Stitching"): the customer's touchpoints strictly after
 * the previous purchase, inside [converted_at - lookback, converted_at], received no later than
 * the purchase's received_at + lateness, ordered by occurred_at then event_id.
 */
export function belongsToJourney(
  touchpoint: JourneyEvent,
  purchase: Purchase,
  policy: StitchingPolicy,
): boolean {
  const at = touchpoint.occurredAt.getTime();
  const convertedAt = purchase.event.occurredAt.getTime();
  const previousAt = purchase.previous?.occurredAt.getTime() ?? Number.NEGATIVE_INFINITY;
  return (
    at <= convertedAt &&
    at >= convertedAt - policy.lookbackMs &&
    at > previousAt &&
    touchpoint.receivedAt.getTime() <= purchase.event.receivedAt.getTime() + policy.latenessMs
  );
}

/** Every order's journey from one customer's (or many customers') raw events and the links. */
export function stitchJourneys(
  events: readonly JourneyEvent[],
  links: IdentityLinks,
  policy: StitchingPolicy,
): Journey[] {
  const resolved = resolveEvents(uniqueEvents(events), links);
  const touchpoints = resolved.filter((e) => isTouchpoint(e, policy)).sort(compareEvents);
  return purchasesOf(resolved).map((purchase) => {
    const inside = touchpoints.filter(
      (t) => t.customerId === purchase.event.customerId && belongsToJourney(t, purchase, policy),
    );
    return {
      journeyId: journeyIdOf(purchase.event.orderId),
      customerId: purchase.event.customerId,
      orderId: purchase.event.orderId,
      convertedAt: purchase.event.occurredAt,
      revenue: purchase.event.revenue,
      currency: purchase.event.currency,
      touchpoints: inside.map(toStoredTouchpoint),
      channelPath: inside.map((t) => t.channel),
      touchpointCount: inside.length,
      firstTouchAt: inside[0]?.occurredAt ?? null,
      lastTouchAt: inside.at(-1)?.occurredAt ?? null,
    };
  });
}
