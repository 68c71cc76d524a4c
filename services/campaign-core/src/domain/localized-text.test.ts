import { parseAcceptLanguage, preferredLanguages, selectLocalizedLabel } from './localized-text';
import { seedCampaign } from './seed-fixtures';

const titles = seedCampaign().title;

describe('localized labels', () => {
  it('Given Accept-Language "de;q=0.5, en-US, *", Then en-US then de', () => {
    expect(parseAcceptLanguage('de;q=0.5, en-US, *')).toEqual(['en-US', 'de']);
  });

  it('Given en-US, Then the EN label', () => {
    expect(selectLocalizedLabel(titles, ['en-US'])?.language).toBe('EN');
  });

  it('Given an unknown language, Then TR; without TR, Then the first label', () => {
    expect(selectLocalizedLabel(titles, ['de'])?.language).toBe('TR');
    const noTurkish = [
      { language: 'FR', label: 'Payez' },
      { language: 'EN', label: 'Pay' },
    ];
    expect(selectLocalizedLabel(noTurkish, ['de'])?.language).toBe('FR');
  });

  it('Given ?lang=en and Accept-Language tr, Then lang wins', () => {
    expect(selectLocalizedLabel(titles, preferredLanguages('en', 'tr'))?.language).toBe('EN');
  });

  it('Given no labels, Then undefined', () => {
    expect(selectLocalizedLabel([], ['tr'])).toBeUndefined();
  });
});
