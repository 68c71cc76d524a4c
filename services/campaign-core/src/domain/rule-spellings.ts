import type { CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';

/** R25: the seed's spellings are accepted and mean the same as the corrected ones. */
export type StartAggregation = 'after-join' | 'beginning-of-period';
export type UmbrellaFrequency = 'adhoc' | 'monthly' | 'yearly';

export function normalizeStartAggregation(
  value: CampaignDefinition['rules']['start-aggregation'],
): StartAggregation {
  return value === 'begining-of-period' ? 'beginning-of-period' : value;
}

export function normalizeUmbrellaFrequency(value: UmbrellaLimit['frequency']): UmbrellaFrequency {
  return value === 'montly' ? 'monthly' : value;
}
