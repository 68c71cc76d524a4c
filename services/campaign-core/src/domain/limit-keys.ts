import { localDate } from './local-calendar';
import type { UmbrellaFrequency } from './rule-spellings';

/** What one usage counter is about; the adapter keeps one row per key (text form as the PK). */
export type LimitKey =
  | { scope: 'campaign'; campaignId: number; clientId: string }
  | { scope: 'budget'; campaignId: number }
  | { scope: 'umbrella'; limitId: number; clientId: string; period: string }
  | { scope: 'stacking'; clientId: string; tag: string; period: string };

/** R19: adhoc = lifetime; monthly/yearly = the calendar month/year of the instant in the zone. */
export function umbrellaPeriodKey(frequency: UmbrellaFrequency, at: Date, zone: string): string {
  if (frequency === 'adhoc') return 'lifetime';
  const date = localDate(at, zone);
  return frequency === 'monthly' ? date.slice(0, 7) : date.slice(0, 4);
}

/** A stable, unambiguous text form (ids and tags may contain any character). */
export function limitKeyText(key: LimitKey): string {
  switch (key.scope) {
    case 'campaign':
      return JSON.stringify([key.scope, key.campaignId, key.clientId]);
    case 'budget':
      return JSON.stringify([key.scope, key.campaignId]);
    case 'umbrella':
      return JSON.stringify([key.scope, key.limitId, key.clientId, key.period]);
    case 'stacking':
      return JSON.stringify([key.scope, key.clientId, key.tag, key.period]);
  }
}
