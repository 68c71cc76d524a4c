import { Decimal, toDecimal } from './decimal';
import {
  cappedLimits,
  stackingLimits,
  type CappedLimit,
  type LimitContext,
} from './earning-limits';
import type { LimitKey } from './limit-keys';
import type { Reservation, UsageLookup } from './limit-usage';

export type GrantStop =
  | { key: LimitKey; reason: 'times-exhausted' }
  | { key: LimitKey; reason: 'amount-capped' | 'ratio-capped'; remaining: Decimal }
  | { key: LimitKey; reason: 'stacking'; blockedBy: 'tag-already-granted' | 'standalone-granted' };

export interface GrantInput extends LimitContext {
  usage: UsageLookup;
}

export interface GrantDecision {
  earning: { currency: string; amount: Decimal; ratio: Decimal };
  /**
   * R18: with a cash amount in the earning, a grant is cash above zero; only an earning without
   * one (absent or 0) is granted on its ratio alone. Only a grant consumes limits or calls out.
   */
  granted: boolean;
  reservations: Reservation[];
  /** Every limit or rule that lowered or stopped the grant (R24 explain). */
  stops: GrantStop[];
}

/**
 * R18-R20: amount = min(earning amount, what every amount cap has left); ratio likewise under
 * the ratio caps; both 0 when a times cap is used up or stacking forbids the grant, and both 0
 * when a cash earning's amount comes out 0 (the cash amount decides, whichever cap emptied it).
 */
export function computeGrant(input: GrantInput): GrantDecision {
  const { earning } = input.campaign;
  let amount = toDecimal(earning.amount);
  const cashEarning = amount.greaterThan(0);
  let ratio = toDecimal(earning.ratio);
  const stops: GrantStop[] = [];
  const limits = cappedLimits(input);
  for (const { key, caps } of limits) {
    const used = input.usage(key);
    if (caps.times !== undefined && used.times + 1 > caps.times) {
      stops.push({ key, reason: 'times-exhausted' });
    }
    if (caps.amount) {
      const remaining = Decimal.max(0, caps.amount.minus(used.amount));
      if (remaining.lessThan(amount)) {
        amount = remaining;
        stops.push({ key, reason: 'amount-capped', remaining });
      }
    }
    if (caps.ratio) {
      const remaining = Decimal.max(0, caps.ratio.minus(used.ratio));
      if (remaining.lessThan(ratio)) {
        ratio = remaining;
        stops.push({ key, reason: 'ratio-capped', remaining });
      }
    }
  }
  const stacking = stackingLimits(input);
  for (const { key } of stacking) {
    const used = input.usage(key);
    if (input.campaign.type === 'standalone' && used.times > 0) {
      stops.push({ key, reason: 'stacking', blockedBy: 'tag-already-granted' });
    } else if (input.campaign.type === 'merge-by-tag' && used.standalone > 0) {
      stops.push({ key, reason: 'stacking', blockedBy: 'standalone-granted' });
    }
  }
  if (stops.some((s) => s.reason === 'times-exhausted' || s.reason === 'stacking')) {
    amount = new Decimal(0);
    ratio = new Decimal(0);
  }
  if (cashEarning && amount.lessThanOrEqualTo(0)) ratio = new Decimal(0);
  const granted = cashEarning ? amount.greaterThan(0) : ratio.greaterThan(0);
  const standalone = input.campaign.type === 'standalone' ? 1 : 0;
  const reserve = (limit: CappedLimit, standaloneDelta: number): Reservation => ({
    key: limit.key,
    caps: limit.caps,
    delta: { amount, ratio, times: 1, standalone: standaloneDelta },
  });
  return {
    earning: { currency: earning.currency, amount, ratio },
    granted,
    reservations: granted
      ? [...limits.map((l) => reserve(l, 0)), ...stacking.map((l) => reserve(l, standalone))]
      : [],
    stops,
  };
}
