import { Type, type Static } from '@sinclair/typebox';

/**
 * A rule matches when every condition it states holds (values compared lower-cased); the first
 * matching rule names the channel. Rules are data, so marketing can change the grouping through
 * configuration (CHANNEL_RULES_JSON) without a release.
 */
export const ChannelRule = Type.Object(
  {
    channel: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]*$', maxLength: 64 }),
    utm_medium: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    utm_source: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** Referrer host equals or ends with `.` + one of these. */
    referrer_host: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** Any of these click ids is present (gclid, fbclid, msclkid). */
    click_id: Type.Optional(
      Type.Array(
        Type.Union([Type.Literal('gclid'), Type.Literal('fbclid'), Type.Literal('msclkid')]),
        { minItems: 1 },
      ),
    ),
    event_type: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** Matches any event that has a referrer from another site. */
    any_referrer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ChannelRule = Static<typeof ChannelRule>;
export const ChannelRules = Type.Array(ChannelRule, { minItems: 1, maxItems: 200 });

const SEARCH_ENGINES = [
  'google.com',
  'google.com.tr',
  'bing.com',
  'yandex.com',
  'yandex.com.tr',
  'duckduckgo.com',
  'yahoo.com',
  'baidu.com',
];
const SOCIAL_SITES = [
  'facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  't.co',
  'linkedin.com',
  'tiktok.com',
  'youtube.com',
  'pinterest.com',
  'reddit.com',
];
const SOCIAL_SOURCES = [
  'facebook',
  'instagram',
  'twitter',
  'x',
  'linkedin',
  'tiktok',
  'youtube',
  'pinterest',
  'reddit',
];

/** The default grouping, in the spirit of GA4's default channel group. */
export const DEFAULT_CHANNEL_RULES: ChannelRule[] = [
  { channel: 'paid_search', click_id: ['gclid', 'msclkid'] },
  { channel: 'paid_search', utm_medium: ['cpc', 'ppc', 'paidsearch', 'paid_search', 'sem'] },
  {
    channel: 'paid_social',
    utm_medium: ['paid_social', 'paidsocial', 'social_paid', 'cpm_social'],
  },
  { channel: 'paid_social', click_id: ['fbclid'], utm_medium: ['paid', 'cpc', 'cpm'] },
  { channel: 'email', utm_medium: ['email', 'e-mail', 'newsletter'] },
  { channel: 'email', event_type: ['email_click'] },
  { channel: 'affiliate', utm_medium: ['affiliate', 'partner'] },
  { channel: 'display', utm_medium: ['display', 'banner', 'cpm', 'programmatic'] },
  { channel: 'display', event_type: ['ad_click', 'ad_impression'] },
  { channel: 'social', utm_medium: ['social', 'social-network', 'social_media', 'sm'] },
  { channel: 'social', utm_source: SOCIAL_SOURCES },
  { channel: 'social', referrer_host: SOCIAL_SITES },
  { channel: 'social', click_id: ['fbclid'] },
  { channel: 'organic_search', utm_medium: ['organic'] },
  { channel: 'organic_search', referrer_host: SEARCH_ENGINES },
  { channel: 'referral', utm_medium: ['referral'] },
  { channel: 'referral', any_referrer: true },
];
