import type { CampaignDefinition, CampaignMoney, UmbrellaLimit } from '@tributary/schemas';
import type { CampaignPeriod } from './campaign-period';
import { toDecimal } from './decimal';
import { umbrellaPeriodKey, type LimitKey } from './limit-keys';
import type { LimitCaps } from './limit-usage';
import { normalizeUmbrellaFrequency } from './rule-spellings';

export interface CappedLimit {
  key: LimitKey;
  caps: LimitCaps;
}

export interface LimitContext {
  campaign: CampaignDefinition;
  clientId: string;
  period: Pick<CampaignPeriod, 'begin' | 'end'>;
  /** The realization instant: it picks the umbrella's month or year (R19). */
  at: Date;
  zone: string;
  umbrellas: readonly UmbrellaLimit[];
}

/** R19: an umbrella applies to every campaign whose tags intersect its own. */
export function applicableUmbrellas(
  tags: readonly string[],
  umbrellas: readonly UmbrellaLimit[],
): UmbrellaLimit[] {
  return umbrellas.filter((u) => u.tag.some((tag) => tags.includes(tag)));
}

/** The amount/ratio/times limits a grant must fit: campaign (R18), budget, umbrellas (R19). */
export function cappedLimits(context: LimitContext): CappedLimit[] {
  const { campaign, clientId, at, zone } = context;
  const campaignId = campaign['campaign-id'];
  const limit = campaign.earning.limit;
  const limits: CappedLimit[] = [
    {
      key: { scope: 'campaign', campaignId, clientId },
      caps: memoCaps(campaign.earning, '', () => caps(limit?.amount, undefined, limit?.times)),
    },
  ];
  if (campaign.budget) {
    const { amount, times } = campaign.budget;
    const budgetCaps = memoCaps(campaign.budget, '', () => caps(amount, undefined, times));
    limits.push({ key: { scope: 'budget', campaignId }, caps: budgetCaps });
  }
  for (const umbrella of applicableUmbrellas(campaign.tag, context.umbrellas)) {
    const cap = umbrella['earning-limits'];
    // An amount cap in another currency cannot bound this grant without FX; see the README.
    const amount = cap.currency === campaign.earning.currency ? cap.amount : undefined;
    const period = umbrellaPeriodKey(normalizeUmbrellaFrequency(umbrella.frequency), at, zone);
    limits.push({
      key: { scope: 'umbrella', limitId: umbrella['limit-id'], clientId, period },
      caps: memoCaps(cap, campaign.earning.currency, () => caps(amount, cap.ratio, cap.times)),
    });
  }
  return limits;
}

/**
 * R20: one counter per (client, tag, period). A standalone grant needs every tag still unused
 * (times stays <= 1); a merge-by-tag grant needs no standalone grant under any of its tags.
 */
export function stackingLimits(context: LimitContext): CappedLimit[] {
  const { campaign, clientId, period } = context;
  const caps: LimitCaps = campaign.type === 'standalone' ? { times: 1 } : { standalone: 0 };
  const periodKey = `${period.begin}/${period.end}`;
  return campaign.tag.map((tag) => ({
    key: { scope: 'stacking', clientId, tag, period: periodKey },
    caps,
  }));
}

// Caps are immutable values derived from a definition object, so they are built once per object
// (and, for umbrellas, per campaign currency) instead of on every evaluation.
const capsMemo = new WeakMap<object, Map<string, LimitCaps>>();

function memoCaps(owner: object, variant: string, build: () => LimitCaps): LimitCaps {
  const byVariant = capsMemo.get(owner) ?? new Map<string, LimitCaps>();
  capsMemo.set(owner, byVariant);
  const known = byVariant.get(variant);
  if (known) return known;
  const built = build();
  byVariant.set(variant, built);
  return built;
}

function caps(amount?: CampaignMoney, ratio?: CampaignMoney, times?: number): LimitCaps {
  return {
    ...(amount !== undefined && { amount: toDecimal(amount) }),
    ...(ratio !== undefined && { ratio: toDecimal(ratio) }),
    ...(times !== undefined && { times }),
  };
}
