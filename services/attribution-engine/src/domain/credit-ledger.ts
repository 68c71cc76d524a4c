import type {
  AttributionModelId,
  AttributionOptions,
  AttributionResult,
  ChannelCredit,
} from '@tributary/schemas';
import {
  addMinorUnits,
  allocateMinorUnits,
  formatMinorUnits,
  revenueScale,
  toMinorUnits,
} from './money';
import {
  channelOf,
  channelsOf,
  totalConversions,
  type PathSummary,
  type PathSummaryRow,
} from './path-summary';

/** Running per-channel credit: conversions as numbers, revenue as integer minor units. */
export interface CreditLedger {
  readonly summary: PathSummary;
  readonly channels: readonly string[];
  readonly tokenIndex: ReadonlyMap<string, number>;
  readonly conversions: Float64Array;
  readonly revenueMinor: number[];
  readonly scale: number;
}

export function createLedger(summary: PathSummary): CreditLedger {
  const channels = channelsOf(summary);
  const channelIndex = new Map(channels.map((channel, i) => [channel, i]));
  const tokenIndex = new Map<string, number>();
  for (const row of summary.rows) {
    for (const token of row.path) {
      if (!tokenIndex.has(token))
        tokenIndex.set(token, channelIndex.get(channelOf(summary, token))!);
    }
  }
  return {
    summary,
    channels,
    tokenIndex,
    conversions: new Float64Array(channels.length),
    revenueMinor: new Array<number>(channels.length).fill(0),
    scale: revenueScale(summary.rows),
  };
}

/**
 * Credits one row: `weights[i]` is the share of touch i (they sum to 1). Touches of the same
 * channel accumulate; the row's revenue is split over its channels in exact minor units.
 */
export function creditRow(
  ledger: CreditLedger,
  row: PathSummaryRow,
  weights: ArrayLike<number>,
): void {
  const distinct: number[] = [];
  const shares: number[] = [];
  for (let i = 0; i < row.path.length; i++) {
    const channel = ledger.tokenIndex.get(row.path[i]!)!;
    const at = distinct.indexOf(channel);
    if (at < 0) {
      distinct.push(channel);
      shares.push(weights[i] ?? 0);
    } else {
      shares[at]! += weights[i] ?? 0;
    }
  }
  for (let k = 0; k < distinct.length; k++) {
    ledger.conversions[distinct[k]!]! += row.conversions * shares[k]!;
  }
  const minor = toMinorUnits(row.revenue, ledger.scale);
  if (minor === 0) return;
  const parts = allocateMinorUnits(minor, shares);
  for (let k = 0; k < distinct.length; k++) {
    const channel = distinct[k]!;
    ledger.revenueMinor[channel] = addMinorUnits(ledger.revenueMinor[channel]!, parts[k]!);
  }
}

export function totalRevenueMinor(summary: PathSummary, scale: number): number {
  let total = 0;
  for (const row of summary.rows) total = addMinorUnits(total, toMinorUnits(row.revenue, scale));
  return total;
}

/** Shares are conversion shares; with no conversions at all every share is 0. */
export function ledgerResult(
  ledger: CreditLedger,
  model: AttributionModelId,
  options: AttributionOptions,
  removalEffects?: Float64Array,
): AttributionResult {
  const total = totalConversions(ledger.summary);
  const channels: Record<string, ChannelCredit> = {};
  ledger.channels.forEach((name, i) => {
    const conversions = ledger.conversions[i]!;
    const credit: ChannelCredit = {
      conversions,
      revenue: formatMinorUnits(ledger.revenueMinor[i]!, ledger.scale),
      share: total > 0 ? conversions / total : 0,
    };
    if (removalEffects) credit.removal_effect = removalEffects[i]!;
    channels[name] = credit;
  });
  return {
    model,
    options,
    total_conversions: total,
    total_revenue: formatMinorUnits(totalRevenueMinor(ledger.summary, ledger.scale), ledger.scale),
    channels,
  };
}
