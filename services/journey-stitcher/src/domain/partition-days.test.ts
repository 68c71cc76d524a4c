import { addDays, partitionDaysToEnsure, utcDay } from './partition-days';

const horizon = { today: '2025-03-10', retentionDays: 30, aheadDays: 7 };
const at = (iso: string) => new Date(iso);

describe('partitionDaysToEnsure', () => {
  it('takes each UTC day once, in order, skipping known days', () => {
    const days = partitionDaysToEnsure(
      [
        at('2025-03-09T23:59:59.999Z'),
        at('2025-03-08T00:00:00Z'),
        at('2025-03-09T00:00:00Z'),
        at('2025-03-10T01:00:00+03:00'),
      ],
      new Set(['2025-03-08']),
      horizon,
    );
    expect(days).toEqual(['2025-03-09']);
  });

  it('leaves days outside [today - retention, today + ahead] to the default partition', () => {
    const days = partitionDaysToEnsure(
      [
        at('2025-02-07T12:00:00Z'),
        at('2025-02-08T00:00:00Z'),
        at('2025-03-17T23:00:00Z'),
        at('2025-03-18T00:00:00Z'),
      ],
      new Set(),
      horizon,
    );
    expect(days).toEqual(['2025-02-08', '2025-03-17']);
  });

  it('counts days in UTC across month ends', () => {
    expect(utcDay(at('2025-03-01T02:00:00+03:00'))).toBe('2025-02-28');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});
