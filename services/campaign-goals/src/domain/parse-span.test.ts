import { parseSpan } from './parse-span';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('parseSpan (R2, .NET TimeSpan text)', () => {
  it.each([
    [' 6:0:0:0', 6 * DAY],
    ['6:0:0:0', 6 * DAY],
    ['1:2:3:4', DAY + 2 * HOUR + 3 * MINUTE + 4000],
    ['6.00:00:00', 6 * DAY],
    ['2.12:30:00', 2 * DAY + 12 * HOUR + 30 * MINUTE],
    ['12:30:15', 12 * HOUR + 30 * MINUTE + 15_000],
    ['12:30', 12 * HOUR + 30 * MINUTE],
    ['1.06:00', DAY + 6 * HOUR],
    ['00:00:01.5', 1500],
    ['3', 3 * DAY],
    ['  0:0:0:0  ', 0],
  ])('Given "%s" When parsed Then it is %d ms', (text, ms) => {
    expect(parseSpan(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-1:0:0:0', 'negative'],
    ['6 days', 'not a TimeSpan'],
    ['24:00:00', 'hours 24'],
    ['1:24:0:0', 'hours 24'],
    ['10:60', 'minutes 60'],
    ['0:0:0:60', 'seconds 60'],
    ['1:2:3:4:5', 'not a TimeSpan'],
    ['1.2.3', 'not a TimeSpan'],
  ])('Given "%s" When parsed Then it fails saying %s', (text, reason) => {
    const result = parseSpan(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
