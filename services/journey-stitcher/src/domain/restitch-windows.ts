import { isDeepStrictEqual } from 'node:util';
import type { Purchase } from './purchases';
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
  /**
   * `touchpoint`: a new touchpoint, which can only join the first purchase at or after it.
   * `any` (default): a purchase, or an event whose customer changed through a link: every
   * purchase in [t, t + lookback] is re-stitched.
   */
  kind?: 'touchpoint' | 'any';
}

/** A new touchpoint of a customer at an instant. */
export interface CustomerTouch {
  customerId: string;
  at: Date;
}

/** The purchases a batch re-stitches: see isRestitchTarget. */
export interface RestitchScope {
  windows: CustomerWindow[];
  touches: CustomerTouch[];
}

/**
 * The re-stitch scope of newly stored events (and of events whose customer changed through a new
 * identity link: pass them under the old and the new customer, kind `any`). A touchpoint at t
 * changes only the first purchase at or after t, and only if that purchase is within the lookback
 * and no purchase lies between (isRestitchTarget). A purchase at t changes itself and cuts the
 * next one only if that next one's lookback reaches it, so its `any` change re-stitches
 * [t, t + lookback]; those are merged into one window per customer. Re-stitching an unchanged
 * journey is a no-op, so the over-reach costs reads only.
 */
export function restitchScope(
  changes: readonly CustomerChange[],
  lookbackMs: number,
): RestitchScope {
  const byCustomer = new Map<string, { min: number; max: number }>();
  const touches = new Map<string, CustomerTouch>();
  for (const { customerId, occurredAt, kind } of changes) {
    const at = occurredAt.getTime();
    if (kind === 'touchpoint') {
      touches.set(`${customerId}\u0000${at}`, { customerId, at: occurredAt });
      continue;
    }
    const span = byCustomer.get(customerId);
    byCustomer.set(customerId, {
      min: Math.min(span?.min ?? at, at),
      max: Math.max(span?.max ?? at, at),
    });
  }
  return {
    windows: [...byCustomer].map(([customerId, { min, max }]) => ({
      customerId,
      from: new Date(min),
      to: new Date(max + lookbackMs),
    })),
    touches: [...touches.values()],
  };
}

/** Every change taken as `any`: one window per customer, [min t, max t + lookback]. */
export function restitchWindows(
  changes: readonly CustomerChange[],
  lookbackMs: number,
): CustomerWindow[] {
  return restitchScope(
    changes.map((c) => ({ ...c, kind: 'any' as const })),
    lookbackMs,
  ).windows;
}

/** The customers a scope re-stitches. */
export function scopeCustomers(scope: RestitchScope): string[] {
  return [
    ...new Set([
      ...scope.windows.map((w) => w.customerId),
      ...scope.touches.map((t) => t.customerId),
    ]),
  ];
}

/**
 * Whether a re-stitch of `scope` recomputes this purchase (in the state after the batch):
 * a window of its customer contains it, or a touch t of its customer lies in
 * (previous, converted_at] and within the lookback, i.e. it is the first purchase at or after t.
 * RESTITCH_JOURNEYS_SQL targets exactly these purchases.
 */
export function isRestitchTarget(
  purchase: Purchase,
  scope: RestitchScope,
  lookbackMs: number,
): boolean {
  const { customerId } = purchase.event;
  const convertedAt = purchase.event.occurredAt.getTime();
  const previousAt = purchase.previous?.occurredAt.getTime() ?? Number.NEGATIVE_INFINITY;
  return (
    scope.windows.some(
      (w) =>
        w.customerId === customerId &&
        w.from.getTime() <= convertedAt &&
        convertedAt <= w.to.getTime(),
    ) ||
    scope.touches.some((t) => {
      const at = t.at.getTime();
      return (
        t.customerId === customerId &&
        at <= convertedAt &&
        at >= convertedAt - lookbackMs &&
        at > previousAt
      );
    })
  );
}

/** The journeys a re-stitch writes (and publishes): new ones and those whose content changed. */
export function changedJourneys(before: readonly Journey[], after: readonly Journey[]): Journey[] {
  const previous = new Map(before.map((journey) => [journey.journeyId, journey]));
  return after.filter((journey) => !isDeepStrictEqual(previous.get(journey.journeyId), journey));
}
