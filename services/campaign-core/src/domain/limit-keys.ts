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

// A key object is looked up several times per evaluation (usage, reservation, booking); its text
// is computed once. Keys are never mutated after they are built.
const texts = new WeakMap<LimitKey, string>();

/** A stable, unambiguous text form (ids and tags may contain any character). */
export function limitKeyText(key: LimitKey): string {
  const known = texts.get(key);
  if (known !== undefined) return known;
  const text = keyText(key);
  texts.set(key, text);
  return text;
}

function keyText(key: LimitKey): string {
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
