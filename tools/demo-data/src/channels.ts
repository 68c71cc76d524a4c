import type { CustomerEventInput, MarketingFields } from '@tributary/schemas';

/**
 * The generated world's ground truth: the chance that a touch from each channel leads to a
 * purchase. Attribution should rank channels in this order; the e2e test checks it does.
 */
export const TRUE_CONVERSION_EFFECT = {
  email: 0.14,
  paid_search: 0.1,
  affiliate: 0.07,
  organic_search: 0.05,
  social: 0.03,
  referral: 0.03,
  display: 0.015,
} as const;
export type DemoChannel = keyof typeof TRUE_CONVERSION_EFFECT;

/** How often each channel reaches a user (reach differs from effect on purpose). */
export const CHANNEL_REACH: readonly (readonly [DemoChannel, number])[] = [
  ['display', 30],
  ['social', 20],
  ['organic_search', 15],
  ['paid_search', 12],
  ['email', 10],
  ['referral', 8],
  ['affiliate', 5],
];

const CAMPAIGNS: Record<DemoChannel, string> = {
  email: 'newsletter-weekly',
  paid_search: 'brand-search',
  affiliate: 'partner-cashback',
  organic_search: 'seo',
  social: 'spring-social',
  referral: 'blog-mentions',
  display: 'retargeting',
};

/** The event a touch of `channel` produces, with the fields the gateway's grouping reads. */
export function touchFields(
  channel: DemoChannel,
  clickId: string,
): Pick<CustomerEventInput, 'type' | 'marketing'> {
  const campaign = CAMPAIGNS[channel];
  const marketing = (m: MarketingFields): MarketingFields => ({ utm_campaign: campaign, ...m });
  switch (channel) {
    case 'email':
      return {
        type: 'email_click',
        marketing: marketing({ utm_source: 'crm', utm_medium: 'email' }),
      };
    case 'paid_search':
      return {
        type: 'session_start',
        marketing: marketing({ utm_source: 'google', utm_medium: 'cpc', gclid: clickId }),
      };
    case 'affiliate':
      return {
        type: 'session_start',
        marketing: marketing({ utm_source: 'partner', utm_medium: 'affiliate' }),
      };
    case 'organic_search':
      return {
        type: 'session_start',
        marketing: { referrer: 'https://www.google.com/search?q=shop' },
      };
    case 'social':
      return {
        type: 'session_start',
        marketing: marketing({ utm_source: 'instagram', utm_medium: 'social' }),
      };
    case 'referral':
      return {
        type: 'session_start',
        marketing: { referrer: 'https://blog.example.org/best-picks' },
      };
    case 'display':
      return {
        type: 'ad_click',
        marketing: marketing({ utm_source: 'dsp', utm_medium: 'display' }),
      };
  }
}
