import { DEFAULT_CHANNEL_RULES } from './channel-rules';
import { deriveChannel } from './derive-channel';

const channel = (type: string, marketing: Record<string, string> = {}, own: string[] = []) =>
  deriveChannel({ type, marketing }, DEFAULT_CHANNEL_RULES, own);

describe('default channel grouping', () => {
  it.each([
    [{ gclid: 'abc' }, 'paid_search'],
    [{ utm_medium: 'CPC', utm_source: 'google' }, 'paid_search'],
    [{ utm_medium: 'email' }, 'email'],
    [{ utm_medium: 'paid_social', utm_source: 'facebook' }, 'paid_social'],
    [{ utm_source: 'instagram' }, 'social'],
    [{ utm_medium: 'affiliate' }, 'affiliate'],
    [{ utm_medium: 'banner' }, 'display'],
    [{ referrer: 'https://www.google.com.tr/search?q=x' }, 'organic_search'],
    [{ referrer: 'https://m.facebook.com/' }, 'social'],
    [{ referrer: 'https://blog.example.org/post' }, 'referral'],
    [{}, 'direct'],
  ])('groups %j as %s', (marketing, expected) => {
    expect(channel('page_view', marketing)).toBe(expected);
  });

  it('treats email and ad clicks without UTM fields as email and display', () => {
    expect(channel('email_click')).toBe('email');
    expect(channel('ad_click')).toBe('display');
  });

  it('does not count navigation from the site itself as a referral', () => {
    expect(
      channel('page_view', { referrer: 'https://shop.example.com/cart' }, ['example.com']),
    ).toBe('direct');
  });

  it('keeps a channel the producer set', () => {
    expect(
      deriveChannel(
        { type: 'page_view', channel: 'tv', marketing: { gclid: 'x' } },
        DEFAULT_CHANNEL_RULES,
      ),
    ).toBe('tv');
  });

  it('uses configured rules in order', () => {
    const rules = [{ channel: 'partners', utm_source: ['acme'] }, ...DEFAULT_CHANNEL_RULES];
    expect(
      deriveChannel(
        { type: 'page_view', marketing: { utm_source: 'ACME', utm_medium: 'cpc' } },
        rules,
      ),
    ).toBe('partners');
  });
});
