import type { CampaignDefinition } from '@tributary/schemas';
import { checkAvailability } from './availability';

export interface ListingFilter {
  display?: CampaignDefinition['display'];
  /** Only campaigns available (R22) at this instant. */
  availableAt?: Date;
  zone: string;
}

/** The campaigns a listing shows: filtered by display and, when asked, by availability. */
export function filterCampaigns(
  campaigns: readonly CampaignDefinition[],
  filter: ListingFilter,
): CampaignDefinition[] {
  return campaigns.filter((campaign) => {
    if (filter.display && campaign.display !== filter.display) return false;
    if (!filter.availableAt) return true;
    return checkAvailability(campaign.availability, filter.availableAt, filter.zone).available;
  });
}
