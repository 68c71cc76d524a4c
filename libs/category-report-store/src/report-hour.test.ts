import { hourKey, parseHourKey, reportPeriod, rollingKind, startOfHour } from './report-hour';

describe('report hours', () => {
  it('names an hour by its UTC start and parses the name back', () => {
    const hour = startOfHour(new Date('2026-01-10T13:59:59.999Z'));
    expect(hourKey(hour)).toBe('2026-01-10T13');
    expect(parseHourKey('2026-01-10T13')).toEqual(new Date('2026-01-10T13:00:00Z'));
  });

  it('rejects names that are not real hours', () => {
    for (const text of [
      '2026-01-10T24',
      '2026-02-30T10',
      '2026-01-10 13',
      '2026-01-10T13:00',
      '',
    ]) {
      expect(parseHourKey(text)).toBeUndefined();
    }
  });

  it('places the hour and the rolling period so both end where the hour ends', () => {
    const hour = new Date('2026-01-10T13:00:00Z');
    expect(reportPeriod('hour', hour)).toEqual({
      kind: 'hour',
      start: hour,
      end: new Date('2026-01-10T14:00:00Z'),
    });
    expect(reportPeriod(rollingKind(24), hour)).toEqual({
      kind: 'last-24h',
      start: new Date('2026-01-09T14:00:00Z'),
      end: new Date('2026-01-10T14:00:00Z'),
    });
    expect(reportPeriod('last-0h', hour)).toBeUndefined();
    expect(reportPeriod('daily', hour)).toBeUndefined();
  });
});
