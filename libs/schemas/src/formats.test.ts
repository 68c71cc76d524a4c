import { FormatRegistry } from '@sinclair/typebox';
import { isRealDate } from './formats';

/** The Date-based reading the arithmetic replaced: what a real calendar day is. */
function byDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isRealDate', () => {
  it('agrees with the calendar for every month and day 00-32 of years around every leap rule', () => {
    const years = [0, 4, 99, 100, 400, 1600, 1700, 1899, 1900, 2000, 2023, 2024, 2100, 9999];
    for (let y = 1996; y <= 2105; y += 1) years.push(y);
    let checked = 0;
    let real = 0;
    const disagreements: string[] = [];
    for (const y of years) {
      for (let m = 0; m <= 13; m += 1) {
        for (let d = 0; d <= 32; d += 1) {
          const value = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          if (isRealDate(value) !== byDate(value)) disagreements.push(value);
          if (isRealDate(value)) real += 1;
          checked += 1;
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(50_000);
    // 110 consecutive years hold 40,177 days; the others add theirs.
    expect(real).toBeGreaterThan(40_000);
  });

  it('is what the date-time format checks', () => {
    const dateTime = FormatRegistry.Get('date-time') as (value: string) => boolean;
    expect(dateTime('2024-02-29T10:00:00Z')).toBe(true);
    expect(dateTime('2023-02-29T10:00:00Z')).toBe(false);
    expect(dateTime('2021-04-31T10:00:00+02:00')).toBe(false);
    expect(dateTime('2021-04-30T25:00:00Z')).toBe(false);
  });
});
