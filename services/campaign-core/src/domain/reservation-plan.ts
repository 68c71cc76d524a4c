import { Decimal } from './decimal';
import { limitKeyText } from './limit-keys';
import type { LimitUsage, Reservation } from './limit-usage';

/** The highest value each counter may have before a key's combined increment (absent = any). */
export interface MaxBefore {
  amount?: Decimal;
  ratio?: Decimal;
  times?: number;
  standalone?: number;
}

/** All reservations of a batch on one key, as one conditional increment. */
export interface KeyReservation {
  key: string;
  delta: LimitUsage;
  maxBefore: MaxBefore;
}

const min = <T>(a: T | undefined, b: T, less: (x: T, y: T) => boolean): T =>
  a === undefined || less(b, a) ? b : a;

/**
 * Folds reservations booked one after another (in evaluation order) into one increment per key.
 * Reservation i on a key holds when `before + delta_1 + ... + delta_i <= cap_i`, that is when
 * `before <= cap_i - (delta_1 + ... + delta_i)`; the smallest of those bounds is the key's
 * `maxBefore`. So one `UPDATE ... WHERE value <= maxBefore` succeeds exactly when every single
 * reservation would have succeeded applied in order: the same never-overshoot guarantee as one
 * conditional UPDATE per reservation. Keys come out sorted, one lock order for every batch.
 */
export function planReservations(reservations: readonly Reservation[]): KeyReservation[] {
  const plans = new Map<string, KeyReservation>();
  for (const { key, delta, caps } of reservations) {
    const text = limitKeyText(key);
    const plan = plans.get(text) ?? {
      key: text,
      delta: { amount: new Decimal(0), ratio: new Decimal(0), times: 0, standalone: 0 },
      maxBefore: {},
    };
    const sum: LimitUsage = {
      amount: plan.delta.amount.plus(delta.amount),
      ratio: plan.delta.ratio.plus(delta.ratio),
      times: plan.delta.times + delta.times,
      standalone: plan.delta.standalone + delta.standalone,
    };
    const lessDecimal = (x: Decimal, y: Decimal) => x.lessThan(y);
    const lessNumber = (x: number, y: number) => x < y;
    const bound = { ...plan.maxBefore };
    if (caps.amount) bound.amount = min(bound.amount, caps.amount.minus(sum.amount), lessDecimal);
    if (caps.ratio) bound.ratio = min(bound.ratio, caps.ratio.minus(sum.ratio), lessDecimal);
    if (caps.times !== undefined)
      bound.times = min(bound.times, caps.times - sum.times, lessNumber);
    if (caps.standalone !== undefined) {
      bound.standalone = min(bound.standalone, caps.standalone - sum.standalone, lessNumber);
    }
    plans.set(text, { key: text, delta: sum, maxBefore: bound });
  }
  return [...plans.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Whether a key's combined increment fits the current value: the adapter's UPDATE condition. */
export function planFits(usage: LimitUsage, plan: KeyReservation): boolean {
  const { maxBefore } = plan;
  if (maxBefore.amount && usage.amount.greaterThan(maxBefore.amount)) return false;
  if (maxBefore.ratio && usage.ratio.greaterThan(maxBefore.ratio)) return false;
  if (maxBefore.times !== undefined && usage.times > maxBefore.times) return false;
  return maxBefore.standalone === undefined || usage.standalone <= maxBefore.standalone;
}
