import { Decimal } from './decimal';
import { limitKeyText, type LimitKey } from './limit-keys';

/** What has been granted under one key so far. */
export interface LimitUsage {
  amount: Decimal;
  ratio: Decimal;
  times: number;
  /** Grants of standalone campaigns (stacking keys only). */
  standalone: number;
}

/** Caps on the values after a reservation; absent means uncapped. */
export interface LimitCaps {
  amount?: Decimal;
  ratio?: Decimal;
  times?: number;
  standalone?: number;
}

/**
 * One conditional increment for the adapter: add `delta` to the row of `key` only if every
 * capped value stays within `caps`; all reservations of a grant commit together or not at all.
 */
export interface Reservation {
  key: LimitKey;
  delta: LimitUsage;
  caps: LimitCaps;
}

export const NO_USAGE: LimitUsage = {
  amount: new Decimal(0),
  ratio: new Decimal(0),
  times: 0,
  standalone: 0,
};

export type UsageLookup = (key: LimitKey) => LimitUsage;

export function usageFromMap(map: ReadonlyMap<string, LimitUsage>): UsageLookup {
  return (key) => map.get(limitKeyText(key)) ?? NO_USAGE;
}

/** Whether a reservation fits the usage: the condition the adapter's UPDATE carries. */
export function reservationFits(usage: LimitUsage, reservation: Reservation): boolean {
  const { delta, caps } = reservation;
  if (caps.amount && usage.amount.plus(delta.amount).greaterThan(caps.amount)) return false;
  if (caps.ratio && usage.ratio.plus(delta.ratio).greaterThan(caps.ratio)) return false;
  if (caps.times !== undefined && usage.times + delta.times > caps.times) return false;
  return caps.standalone === undefined || usage.standalone + delta.standalone <= caps.standalone;
}

/** Applies reservations to in-memory usage (tests, dry runs, the adapter's own checks). */
export function applyReservations(
  map: ReadonlyMap<string, LimitUsage>,
  reservations: readonly Reservation[],
): Map<string, LimitUsage> {
  const next = new Map(map);
  for (const { key, delta } of reservations) {
    const text = limitKeyText(key);
    const current = next.get(text) ?? NO_USAGE;
    next.set(text, {
      amount: current.amount.plus(delta.amount),
      ratio: current.ratio.plus(delta.ratio),
      times: current.times + delta.times,
      standalone: current.standalone + delta.standalone,
    });
  }
  return next;
}
