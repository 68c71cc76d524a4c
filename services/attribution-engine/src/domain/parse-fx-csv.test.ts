import { parseFxCsv } from './parse-fx-csv';

describe('parseFxCsv', () => {
  it('reads from, to, date and rate in any column order, the rate as exact text', () => {
    expect(parseFxCsv('date,from,to,rate\n2026-09-01,USD,TRY,41.123456789\n')).toEqual([
      { from: 'USD', to: 'TRY', date: '2026-09-01', rate: '41.123456789' },
    ]);
  });

  it.each([
    ['', 'the rates file is empty'],
    ['from,to,date\n', 'line 1: missing column "rate"'],
    ['from,to,date,rate\n', 'the rates file has a header but no rows'],
    [
      'from,to,date,rate\nusd,TRY,2026-09-01,1\n',
      'line 2, column "from": must be an ISO 4217 code, got "usd"',
    ],
    ['from,to,date,rate\nUSD,USD,2026-09-01,1\n', 'line 2: from and to are both USD'],
    [
      'from,to,date,rate\nUSD,TRY,2026-02-30,1\n',
      'line 2, column "date": must be a date YYYY-MM-DD, got "2026-02-30"',
    ],
    [
      'from,to,date,rate\nUSD,TRY,2026-09-01,0\n',
      'line 2, column "rate": must be a decimal > 0, got "0"',
    ],
    [
      'from,to,date,rate\nUSD,TRY,2026-09-01,-3\n',
      'line 2, column "rate": must be a decimal > 0, got "-3"',
    ],
    [
      'from,to,date,rate\nUSD,TRY,2026-09-01,1\nUSD,TRY,2026-09-01,2\n',
      'line 3: USD->TRY on 2026-09-01 is also on line 2',
    ],
  ])('refuses bad input naming line and column (%j)', (text, message) => {
    expect(() => parseFxCsv(text)).toThrow(message);
  });
});
