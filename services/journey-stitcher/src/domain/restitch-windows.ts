import { isDeepStrictEqual } from 'node:util';
import type { Journey } from './stitch-journeys';

export interface CustomerWindow {
  customerId: string;
  /** Every purchase of the customer with converted_at in [from, to] is re-stitched. */
  from: Date;
  to: Date;
}

export interface CustomerChange {
  customerId: string;
  occurredAt: Date;
}

/**
 * The re-stitch scope of newly stored events (and of events whose customer changed through a new
 * identity link: pass them under the old and the new customer). An event at t can only change
 * journeys converting in [t, t + lookback]: a touchpoint joins the first purchase at or after it,
 * a purchase changes itself and cuts the next one only if that next one's lookback reaches it.
 * One window per customer keeps the SQL to one statement; re-stitching an unchanged journey is a
 * no-op, so the over-reach costs reads only.
 */
export function restitchWindows(
  changes: readonly CustomerChange[],
  lookbackMs: number,
): CustomerWindow[] {
  const byCustomer = new Map<string, { min: number; max: number }>();
  for (const { customerId, occurredAt } of changes) {
    const at = occurredAt.getTime();
    const span = byCustomer.get(customerId);
    byCustomer.set(customerId, {
      min: Math.min(span?.min ?? at, at),
      max: Math.max(span?.max ?? at, at),
    });
  }
  return [...byCustomer].map(([customerId, { min, max }]) => ({
    customerId,
    from: new Date(min),
    to: new Date(max + lookbackMs),
  }));
}

/** The journeys a re-stitch writes (and publishes): new ones and those whose content changed. */
export function changedJourneys(before: readonly Journey[], after: readonly Journey[]): Journey[] {
  const previous = new Map(before.map((journey) => [journey.journeyId, journey]));
  return after.filter((journey) => !isDeepStrictEqual(previous.get(journey.journeyId), journey));
}
