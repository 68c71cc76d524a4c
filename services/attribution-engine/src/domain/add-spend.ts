import Decimal from 'decimal.js';
import type { RunChannelCredit, RunModelResult } from '@tributary/attribution-store';
import type { AttributionResult } from '@tributary/schemas';

/**
 * Adds each channel's cost over the run's dates, ROAS = attributed revenue / cost (null when
 * the channel had no cost) and CPA = cost / attributed conversions, rounded half up to the
 * reporting currency's `minorUnits` (null without cost or conversions). `total_cost` is all
 * spend in the range, credited channel or not.
 */
export function addSpend(
  result: AttributionResult,
  costs: ReadonlyMap<string, string>,
  minorUnits = 2,
): RunModelResult {
  if (costs.size === 0) return result;
  const channels: Record<string, RunChannelCredit> = {};
  for (const [name, credit] of Object.entries(result.channels)) {
    const cost = new Decimal(costs.get(name) ?? 0);
    channels[name] = {
      ...credit,
      cost: cost.toFixed(),
      roas: cost.isZero()
        ? null
        : new Decimal(credit.revenue).div(cost).toDecimalPlaces(6).toNumber(),
      cpa:
        cost.isZero() || !(credit.conversions > 0)
          ? null
          : cost
              .div(credit.conversions)
              .toDecimalPlaces(minorUnits, Decimal.ROUND_HALF_UP)
              .toFixed(minorUnits),
    };
  }
  const total = [...costs.values()].reduce((sum, cost) => sum.plus(cost), new Decimal(0));
  return { ...result, channels, total_cost: total.toFixed() };
}
