import { fullEndOf, periodFor, previousPeriod, type Frequency } from './period-for';

const istanbulMonthly: Frequency = { cron: '0 0 1 * *', zone: 'Europe/Istanbul' };
const SIX_DAYS = 6 * 86_400_000;

describe('periodFor (R1)', () => {
  it('Given the seed stream When an instant in November 2021 Then the period is 1-30 November', () => {
    const period = periodFor(istanbulMonthly, new Date('2021-11-15T10:00:00Z'));
    expect(period).toEqual({
      beginInstant: new Date('2021-10-31T21:00:00Z'),
      endInstant: new Date('2021-11-30T21:00:00Z'),
      begin: '2021-11-01',
      end: '2021-11-30',
    });
  });

  it('Given an instant exactly at a fire time Then it opens the new period (end is exclusive)', () => {
    const atFire = periodFor(istanbulMonthly, new Date('2021-11-30T21:00:00Z'));
    expect(atFire.begin).toBe('2021-12-01');
    expect(atFire.end).toBe('2021-12-31');
    const justBefore = periodFor(istanbulMonthly, new Date('2021-11-30T20:59:59.999Z'));
    expect(justBefore.begin).toBe('2021-11-01');
  });

  it('Given local midnight differs from UTC midnight Then the local date decides', () => {
    // 2021-11-30T22:30Z is already 1 December in Istanbul (UTC+3).
    expect(periodFor(istanbulMonthly, new Date('2021-11-30T22:30:00Z')).begin).toBe('2021-12-01');
  });

  it('Given consecutive periods Then each begins where the previous ends', () => {
    let period = periodFor(istanbulMonthly, new Date('2021-01-10T00:00:00Z'));
    for (let i = 0; i < 14; i += 1) {
      const next = periodFor(istanbulMonthly, period.endInstant);
      expect(next.beginInstant).toEqual(period.endInstant);
      expect(previousPeriod(istanbulMonthly, next)).toEqual(period);
      period = next;
    }
  });

  it('Given February of a leap year and of a common year Then End is its last day', () => {
    expect(periodFor(istanbulMonthly, new Date('2024-02-10T00:00:00Z')).end).toBe('2024-02-29');
    expect(periodFor(istanbulMonthly, new Date('2023-02-10T00:00:00Z')).end).toBe('2023-02-28');
  });

  it('Given a cron on the 31st Then months without a 31st are skipped (cron semantics)', () => {
    const period = periodFor({ cron: '0 0 31 * *', zone: 'UTC' }, new Date('2021-02-15T00:00:00Z'));
    expect(period.begin).toBe('2021-01-31');
    expect(period.end).toBe('2021-03-30');
  });

  it('Given a weekly cron (Mondays 00:00) Then periods are Monday..Sunday', () => {
    const weekly = { cron: '0 0 * * 1', zone: 'Europe/Istanbul' };
    const period = periodFor(weekly, new Date('2021-11-18T12:00:00Z'));
    expect(period.begin).toBe('2021-11-15');
    expect(period.end).toBe('2021-11-21');
    expect(period.endInstant.getTime() - period.beginInstant.getTime()).toBe(7 * 86_400_000);
  });

  describe('in a DST zone (America/New_York)', () => {
    const weekly = { cron: '0 0 * * 0', zone: 'America/New_York' };

    it('Given the week clocks spring forward Then it is 167 hours long and keeps local midnights', () => {
      const period = periodFor(weekly, new Date('2021-03-16T12:00:00Z'));
      expect(period.beginInstant).toEqual(new Date('2021-03-14T05:00:00Z'));
      expect(period.endInstant).toEqual(new Date('2021-03-21T04:00:00Z'));
      expect(period.begin).toBe('2021-03-14');
      expect(period.end).toBe('2021-03-20');
    });

    it('Given the week clocks fall back Then it is 169 hours long', () => {
      const period = periodFor(weekly, new Date('2021-11-08T12:00:00Z'));
      expect(period.endInstant.getTime() - period.beginInstant.getTime()).toBe(169 * 3_600_000);
      expect(period.begin).toBe('2021-11-07');
      expect(period.end).toBe('2021-11-13');
    });

    it('Given a daily 02:30 cron Then the skipped 02:30 fires at 03:30 and periods stay contiguous', () => {
      const daily = { cron: '30 2 * * *', zone: 'America/New_York' };
      const period = periodFor(daily, new Date('2021-03-14T12:00:00Z'));
      expect(period.beginInstant).toEqual(new Date('2021-03-14T07:30:00Z'));
      expect(period.endInstant).toEqual(new Date('2021-03-15T06:30:00Z'));
      const before = periodFor(daily, new Date('2021-03-14T07:29:59Z'));
      expect(before.endInstant).toEqual(period.beginInstant);
      expect(before.begin).toBe('2021-03-13');
    });
  });
});

describe('fullEndOf (R2)', () => {
  it('Given November 2021 and a 6-day span Then Full End is 2021-12-06 (instant 7 Dec 00:00 local)', () => {
    const november = periodFor(istanbulMonthly, new Date('2021-11-15T00:00:00Z'));
    expect(fullEndOf(november, SIX_DAYS, 'Europe/Istanbul')).toEqual({
      fullEndInstant: new Date('2021-12-06T21:00:00Z'),
      fullEnd: '2021-12-06',
    });
  });

  it('Given December 2021 Then Full End is 2022-01-06 as the seed shows', () => {
    const december = periodFor(istanbulMonthly, new Date('2021-12-15T00:00:00Z'));
    expect(fullEndOf(december, SIX_DAYS, 'Europe/Istanbul').fullEnd).toBe('2022-01-06');
  });

  it('Given no span Then Full End is End', () => {
    const november = periodFor(istanbulMonthly, new Date('2021-11-15T00:00:00Z'));
    expect(fullEndOf(november, 0, 'Europe/Istanbul')).toEqual({
      fullEndInstant: november.endInstant,
      fullEnd: '2021-11-30',
    });
  });
});
