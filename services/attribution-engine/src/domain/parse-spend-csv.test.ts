import { parseSpendCsv } from './parse-spend-csv';

describe('parseSpendCsv', () => {
  it('reads channel, day and cost in any column order', () => {
    expect(
      parseSpendCsv('day,cost,channel\n2025-03-01,12.50,search\n2025-03-02,0,"paid, social"\n'),
    ).toEqual([
      { channel: 'search', day: '2025-03-01', cost: '12.50' },
      { channel: 'paid, social', day: '2025-03-02', cost: '0' },
    ]);
  });

  it.each([
    ['', 'the spend file is empty'],
    ['channel,day\n', 'line 1: missing column "cost"'],
    ['channel,day,cost\n', 'the spend file has a header but no rows'],
    [
      'channel,day,cost\nsearch,2025-02-30,1\n',
      'line 2, column "day": must be a date YYYY-MM-DD, got "2025-02-30"',
    ],
    [
      'channel,day,cost\nsearch,2025-02-01,-1\n',
      'line 2, column "cost": must be a decimal >= 0 with at most 6 decimals, got "-1"',
    ],
    ['channel,day,cost\n,2025-02-01,1\n', 'line 2, column "channel": must not be empty'],
  ])('refuses bad input with a message naming line and column (%j)', (text, message) => {
    expect(() => parseSpendCsv(text)).toThrow(message);
  });
});

describe('parseSpendCsv (currency)', () => {
  it('reads an optional currency column; an empty cell means the reporting currency', () => {
    expect(
      parseSpendCsv('channel,day,cost,currency\na,2025-03-01,1,USD\nb,2025-03-01,2,\n'),
    ).toEqual([
      { channel: 'a', day: '2025-03-01', cost: '1', currency: 'USD' },
      { channel: 'b', day: '2025-03-01', cost: '2' },
    ]);
    expect(() => parseSpendCsv('channel,day,cost,currency\na,2025-03-01,1,usd\n')).toThrow(
      'line 2, column "currency": must be an ISO 4217 code, got "usd"',
    );
  });
});
