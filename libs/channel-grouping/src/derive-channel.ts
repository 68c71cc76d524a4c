import type { MarketingFields } from '@tributary/schemas';
import type { ChannelRule } from './channel-rules';

export interface ChannelInput {
  type: string;
  marketing?: MarketingFields;
  /** A channel the producer already set wins over the rules. */
  channel?: string;
}

export const DIRECT = 'direct';

function hostOf(referrer: string | undefined): string | undefined {
  if (!referrer) return undefined;
  try {
    return new URL(referrer).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

const lower = (v: string | undefined) => v?.trim().toLowerCase();

function matches(
  rule: ChannelRule,
  input: ChannelInput,
  referrerHost: string | undefined,
): boolean {
  const m = input.marketing ?? {};
  if (rule.utm_medium && !rule.utm_medium.includes(lower(m.utm_medium) ?? '')) return false;
  if (rule.utm_source && !rule.utm_source.includes(lower(m.utm_source) ?? '')) return false;
  if (rule.event_type && !rule.event_type.includes(input.type)) return false;
  if (rule.click_id && !rule.click_id.some((id) => Boolean(m[id]))) return false;
  if (rule.referrer_host) {
    if (!referrerHost) return false;
    if (!rule.referrer_host.some((h) => referrerHost === h || referrerHost.endsWith(`.${h}`)))
      return false;
  }
  if (rule.any_referrer && !referrerHost) return false;
  return true;
}

/**
 * The marketing channel of an event: the producer's own channel if given, else the first rule
 * that matches, else `direct`. `ownHosts` are the site's own domains (internal navigation is
 * not a referral).
 */
export function deriveChannel(
  input: ChannelInput,
  rules: readonly ChannelRule[],
  ownHosts: readonly string[] = [],
): string {
  if (input.channel) return input.channel;
  let referrerHost = hostOf(input.marketing?.referrer);
  if (referrerHost && ownHosts.some((h) => referrerHost === h || referrerHost?.endsWith(`.${h}`))) {
    referrerHost = undefined;
  }
  return rules.find((rule) => matches(rule, input, referrerHost))?.channel ?? DIRECT;
}
