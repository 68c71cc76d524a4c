import type { CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';
import type { CampaignPeriod } from './campaign-period';
import type { AdhocValidation } from './goal-expression';

/** The seed's campaign 9001 (test data shared by the domain tests). */
export function seedCampaign(overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    'campaign-id': 9001,
    tag: ['odeme cashback', 'fatura cashback'],
    display: 'master',
    type: 'merge-by-tag',
    title: [
      { language: 'TR', label: 'Bir ayda toplamda bin liralık beş fatura öde 50 TL kazan' },
      { language: 'EN', label: 'Pay five invoices with total thousand and get fifty' },
    ],
    description: [
      { language: 'TR', label: 'en fazla **150 tl** kazanabilirsin, bla bla' },
      { language: 'EN', label: 'maximum bla bla bla' },
    ],
    action: {
      url: 'https://api.burgan.com.tr/campaing/adapter/invoce-cashback/{{client-id}}',
      method: 'POST',
    },
    earning: { currency: 'TRL', amount: 50, ratio: 2, limit: { amount: 150, times: 3 } },
    availability: { from: '2021-01-01', to: '2022-12-31', status: 'active' },
    rules: { join: 'auto', 'join-term': 'frequency', 'start-aggregation': 'begining-of-period' },
    goals: [
      { id: 1, rule: [101, 102, 1101] },
      { id: 2, rule: [103, 1101] },
    ],
    ...overrides,
  };
}

export const SEED_ADHOC_GOALS: ReadonlyMap<number, AdhocValidation> = new Map([
  [1101, 'first-check'],
]);

export function seedUmbrella(overrides: Partial<UmbrellaLimit> = {}): UmbrellaLimit {
  return {
    'limit-id': 1,
    tag: ['odeme cashback', 'fatura cashback'],
    frequency: 'montly',
    'earning-limits': { currency: 'TRL', amount: 5000, ratio: 2, times: 10 },
    ...overrides,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar-month period in Europe/Istanbul (UTC+3 all year since 2016), with a 6-day span. */
export function monthPeriod(year: number, month: number): CampaignPeriod {
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  const beginAt = new Date(`${year}-${pad(month)}-01T00:00:00+03:00`);
  const endAt = new Date(`${next[0]}-${pad(next[1] ?? 1)}-01T00:00:00+03:00`);
  const lastDay = new Date(endAt.getTime() - 1 + 3 * 3600_000).toISOString().slice(0, 10);
  return {
    begin: `${year}-${pad(month)}-01`,
    end: lastDay,
    beginAt,
    endAt,
    fullEndAt: new Date(endAt.getTime() + 6 * 86400_000),
  };
}
