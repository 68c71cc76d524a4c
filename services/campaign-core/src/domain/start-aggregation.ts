import type { CampaignDefinition } from '@tributary/schemas';
import type { CampaignPeriod } from './campaign-period';
import { Decimal } from './decimal';
import { normalizeStartAggregation } from './rule-spellings';

/**
 * R21 after-join: only ledger entries strictly after the join instant count towards the
 * campaign's stream goals. Without a join instant (join auto) every entry counts.
 */
export function ledgerEntryCounts(
  rules: CampaignDefinition['rules'],
  joinedAt: Date | undefined,
  entryAt: Date,
): boolean {
  if (normalizeStartAggregation(rules['start-aggregation']) !== 'after-join') return true;
  return joinedAt === undefined || entryAt.getTime() > joinedAt.getTime();
}

export interface LedgerEntry {
  at: Date;
  /** Signed: negative for subtract sources (R6). */
  amount: Decimal;
  /** +1 for an add, -1 for a subtract. */
  times: number;
}

/** A stream goal's value counting only the entries the campaign may count (after-join). */
export function goalValueForCampaign(
  rules: CampaignDefinition['rules'],
  joinedAt: Date | undefined,
  entries: readonly LedgerEntry[],
  type: 'amount' | 'times',
): Decimal {
  return entries
    .filter((entry) => ledgerEntryCounts(rules, joinedAt, entry.at))
    .reduce(
      (sum, entry) => sum.plus(type === 'amount' ? entry.amount : entry.times),
      new Decimal(0),
    );
}

/**
 * R21 beginning-of-period: a join evaluates the period it falls in with the goals already
 * realized; with frequency-with-span also a period whose span it falls in. after-join has
 * nothing to count yet at the join instant, so a join evaluates nothing.
 */
export function periodsToEvaluateOnJoin<
  P extends Pick<CampaignPeriod, 'beginAt' | 'endAt' | 'fullEndAt'>,
>(rules: CampaignDefinition['rules'], joinAt: Date, periods: readonly P[]): P[] {
  if (normalizeStartAggregation(rules['start-aggregation']) !== 'beginning-of-period') return [];
  const t = joinAt.getTime();
  return periods.filter((p) => {
    if (p.beginAt.getTime() <= t && t < p.endAt.getTime()) return true;
    return (
      rules['join-term'] === 'frequency-with-span' &&
      p.endAt.getTime() <= t &&
      t < p.fullEndAt.getTime()
    );
  });
}
