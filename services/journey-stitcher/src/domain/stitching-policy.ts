import type { JourneyEvent } from './journey-event';

export interface StitchingPolicy {
  /** A touchpoint at exactly converted_at - lookback is inside the journey. */
  lookbackMs: number;
  /** A touchpoint received more than this after its purchase was received is left out. */
  latenessMs: number;
  touchpointTypes: readonly string[];
  /** Touchpoint-typed events with these channels are not touchpoints. */
  excludedChannels: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * Clicks, ad clicks, email clicks and site visits (sessions and page views) count; a visit with
 * no marketing source ('direct') does not, or every internal page view would crowd the path.
 */
export const DEFAULT_STITCHING_POLICY: StitchingPolicy = {
  lookbackMs: 30 * DAY_MS,
  latenessMs: DAY_MS,
  touchpointTypes: ['ad_click', 'email_click', 'session_start', 'page_view'],
  excludedChannels: ['direct'],
};

export const PURCHASE_TYPE = 'order_completed';

export function isTouchpoint(event: JourneyEvent, policy: StitchingPolicy): boolean {
  return (
    event.type !== PURCHASE_TYPE &&
    policy.touchpointTypes.includes(event.type) &&
    !policy.excludedChannels.includes(event.channel)
  );
}

export type PurchaseFields = { orderId: string; revenue: string; currency: string };

export function isPurchase<E extends JourneyEvent>(event: E): event is E & PurchaseFields {
  return (
    event.type === PURCHASE_TYPE &&
    event.orderId !== null &&
    event.revenue !== null &&
    event.currency !== null
  );
}
