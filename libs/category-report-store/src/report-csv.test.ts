import { CSV_COLUMNS, renderReportCsv } from './report-csv';

const period = { period_start: '2026-01-10T13:00:00.000Z', period_end: '2026-01-10T14:00:00.000Z' };

describe('renderReportCsv', () => {
  it('gives the header row only when there are no rows', () => {
    expect(renderReportCsv('top-viewed', [])).toBe(
      'period_start,period_end,category_id,rank,product_id,distinct_viewers,views\n',
    );
    expect(renderReportCsv('conversion', [])).toBe(`${CSV_COLUMNS.conversion.join(',')}\n`);
  });

  it('writes rows in the fixed column order, an empty cell for a missing ratio', () => {
    const csv = renderReportCsv('conversion', [
      { ...period, category_id: 'c1', viewers: 4, buyers: 1, purchase_view_ratio: '0.2500' },
      { ...period, category_id: 'c2', viewers: 0, buyers: 3, purchase_view_ratio: null },
    ]);
    expect(csv.split('\n')).toEqual([
      'period_start,period_end,category_id,viewers,buyers,purchase_view_ratio',
      '2026-01-10T13:00:00.000Z,2026-01-10T14:00:00.000Z,c1,4,1,0.2500',
      '2026-01-10T13:00:00.000Z,2026-01-10T14:00:00.000Z,c2,0,3,',
      '',
    ]);
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas in ids', () => {
    const csv = renderReportCsv('top-purchased', [
      {
        ...period,
        category_id: 'a,"b"',
        rank: 1,
        product_id: '=cmd()',
        distinct_buyers: 2,
        orders: 3,
        units: 5,
      },
    ]);
    expect(csv.split('\n')[1]).toBe(
      `${period.period_start},${period.period_end},"a,""b""",1,'=cmd(),2,3,5`,
    );
  });
});
