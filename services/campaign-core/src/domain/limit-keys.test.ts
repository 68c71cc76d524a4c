import { limitKeyText, umbrellaPeriodKey } from './limit-keys';
import { DEFAULT_ZONE } from './local-calendar';
import { normalizeUmbrellaFrequency } from './rule-spellings';

describe('umbrellaPeriodKey (R19)', () => {
  it('Given 2021-11-30T20:59:59Z (23:59:59 in Istanbul), Then November; one second later, Then December', () => {
    expect(umbrellaPeriodKey('monthly', new Date('2021-11-30T20:59:59Z'), DEFAULT_ZONE)).toBe(
      '2021-11',
    );
    expect(umbrellaPeriodKey('monthly', new Date('2021-11-30T21:00:00Z'), DEFAULT_ZONE)).toBe(
      '2021-12',
    );
  });

  it('Given the same instant in UTC, Then the month follows the configured zone', () => {
    expect(umbrellaPeriodKey('monthly', new Date('2021-11-30T21:00:00Z'), 'UTC')).toBe('2021-11');
  });

  it('Given yearly at New Year in Istanbul and adhoc at any time, Then the year and "lifetime"', () => {
    expect(umbrellaPeriodKey('yearly', new Date('2021-12-31T21:00:00Z'), DEFAULT_ZONE)).toBe(
      '2022',
    );
    expect(umbrellaPeriodKey('adhoc', new Date('2021-12-31T21:00:00Z'), DEFAULT_ZONE)).toBe(
      'lifetime',
    );
  });

  it('Given the seed spelling montly, Then it means monthly', () => {
    expect(normalizeUmbrellaFrequency('montly')).toBe('monthly');
  });
});

describe('limitKeyText', () => {
  it('Given ids containing separators, Then distinct keys stay distinct', () => {
    const a = limitKeyText({ scope: 'stacking', clientId: 'a","b', tag: 'c', period: 'p' });
    const b = limitKeyText({ scope: 'stacking', clientId: 'a', tag: 'b","c', period: 'p' });
    expect(a).not.toBe(b);
  });
});
