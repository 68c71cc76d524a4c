import { demoFxRates, fxRatesCsv } from './fx-rates';

describe('demo FX rates', () => {
  it('Given a date range, Then every pair the demo uses has one exact rate per date', () => {
    const rows = demoFxRates('2026-09-30', '2026-10-01');
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => `${r.from}>${r.to}`))).toEqual(
      new Set(['USD>TRY', 'EUR>TRY', 'USD>TRL', 'EUR>TRL']),
    );
    for (const row of rows) expect(row.rate).toMatch(/^\d+\.\d{4}$/);
    const usd = rows.filter((r) => r.from === 'USD' && r.to === 'TRY').map((r) => r.rate);
    expect(usd[0]).not.toBe(usd[1]);
  });

  it('Given the same date twice, Then the rate is the same (a replay converts alike)', () => {
    expect(demoFxRates('2026-11-20', '2026-11-20')).toEqual(
      demoFxRates('2026-11-20', '2026-11-20'),
    );
    expect(fxRatesCsv(demoFxRates('2026-11-20', '2026-11-20')).split('\n')[0]).toBe(
      'from,to,date,rate',
    );
  });
});
