import type { CampaignDefinition } from '@tributary/schemas';
import { localDate } from './local-calendar';

export type AvailabilityDecision =
  | { available: true; localDate: string }
  | { available: false; reason: 'inactive' | 'not-started' | 'ended'; localDate: string };

/** R22: active, and the local date of the evaluation instant within from..to inclusive. */
export function checkAvailability(
  availability: CampaignDefinition['availability'],
  at: Date,
  zone: string,
): AvailabilityDecision {
  const date = localDate(at, zone);
  if (availability.status !== 'active')
    return { available: false, reason: 'inactive', localDate: date };
  // ISO dates compare correctly as strings.
  if (date < availability.from) return { available: false, reason: 'not-started', localDate: date };
  if (date > availability.to) return { available: false, reason: 'ended', localDate: date };
  return { available: true, localDate: date };
}
