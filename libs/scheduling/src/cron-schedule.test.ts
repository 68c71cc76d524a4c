import { isValidCron, nextFireTime, previousFireTime } from './cron-schedule';

describe('cron schedule', () => {
  it('fires at 02:00 local time in Istanbul (UTC+3) for a nightly job', () => {
    const next = nextFireTime('0 2 * * *', 'Europe/Istanbul', new Date('2026-01-10T12:00:00Z'));
    expect(next.toISOString()).toBe('2026-01-10T23:00:00.000Z');
  });

  it('finds the previous hourly fire at or before an instant', () => {
    expect(
      previousFireTime('0 * * * *', 'UTC', new Date('2026-01-10T12:00:00Z')).toISOString(),
    ).toBe('2026-01-10T12:00:00.000Z');
    expect(
      previousFireTime('0 * * * *', 'UTC', new Date('2026-01-10T12:59:59Z')).toISOString(),
    ).toBe('2026-01-10T12:00:00.000Z');
  });

  it('rejects malformed expressions and six-field ones', () => {
    expect(isValidCron('0 2 * * *', 'UTC')).toBe(true);
    expect(isValidCron('61 * * * *', 'UTC')).toBe(false);
    expect(isValidCron('0 0 2 * * *', 'UTC')).toBe(false);
  });
});
