import { parsePathSummaryCsv, parsePathSummaryJson } from './parse-path-summary';

const csvError = (text: string): string => {
  try {
    parsePathSummaryCsv(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a parse error');
};

describe('parsePathSummaryCsv', () => {
  it('Given our column names with revenue and days, When parsed, Then rows carry channels, counts, exact revenue and days', () => {
    const rows = parsePathSummaryCsv(
      'path,conversions,nulls,revenue,days_before_conversion\n' +
        'Search > Email,2,5,19.90,3 > 0\n' +
        '"Display, EU",0,4,,\n',
    );
    expect(rows).toEqual([
      {
        path: ['Search', 'Email'],
        conversions: 2,
        nulls: 5,
        revenue: '19.9',
        daysBeforeConversion: [3, 0],
      },
      { path: ['Display, EU'], conversions: 0, nulls: 4, revenue: '0' },
    ]);
  });

  it("Given fractribution's header names and CRLF, When parsed, Then they map to conversions and nulls", () => {
    const rows = parsePathSummaryCsv(
      'path,total_conversions,total_non_conversions\r\nB > A,3,10\r\n',
    );
    expect(rows).toEqual([{ path: ['B', 'A'], conversions: 3, nulls: 10, revenue: '0' }]);
  });

  it.each([
    [
      'a negative count',
      'path,conversions,nulls\nA,-1,3\n',
      'line 2, column "conversions": must not be negative',
    ],
    [
      'a fractional count',
      'path,conversions,nulls\nA,1.5,3\n',
      'line 2, column "conversions": must be a whole number',
    ],
    ['an empty path', 'path,conversions,nulls\n,1,3\n', 'line 2, column "path": is empty'],
    [
      'an empty touch',
      'path,conversions,nulls\nA >  > B,1,3\n',
      'line 2, column "path": touch 2 has no channel name',
    ],
    ['a missing cell', 'path,conversions,nulls\nA,1\n', 'line 2: 2 cells but the header has 3'],
    ['a missing column', 'path,conversions\nA,1\n', 'line 1: missing column "nulls"'],
    ['a row with no journeys', 'path,conversions,nulls\nA,0,0\n', 'neither conversions nor nulls'],
    [
      'negative revenue',
      'path,conversions,nulls,revenue\nA,1,0,-5\n',
      'column "revenue": must not be negative',
    ],
    [
      'text revenue',
      'path,conversions,nulls,revenue\nA,1,0,abc\n',
      'column "revenue": must be a decimal number',
    ],
    [
      'revenue without conversions',
      'path,conversions,nulls,revenue\nA,0,2,5\n',
      'a path without conversions has no revenue',
    ],
    [
      'days of the wrong length',
      'path,conversions,nulls,days_before_conversion\nA > B,1,0,3\n',
      'has 1 values but the path has 2',
    ],
    [
      'negative days',
      'path,conversions,nulls,days_before_conversion\nA,1,0,-2\n',
      'touch 1 must be a number of days >= 0',
    ],
    [
      'a bad row after a quoted path over two lines and a blank line',
      'path,conversions,nulls\n"A\n> B",1,0\n\nC,x,1\n',
      'line 5, column "conversions": must be a whole number, got "x"',
    ],
    [
      'a row after a blank line with too few cells',
      'path,conversions,nulls\r\nA,1,0\r\n\r\nB,1\r\n',
      'line 4: 2 cells but the header has 3',
    ],
    ['only a header', 'path,conversions,nulls\n', 'has a header but no rows'],
    ['nothing', '', 'the path summary is empty'],
  ])('Given %s, When parsed, Then the error names the row and column', (_case, text, message) => {
    expect(csvError(text)).toContain(message);
  });
});

describe('parsePathSummaryJson', () => {
  it('Given rows with array paths and string paths, When parsed, Then both are accepted', () => {
    const rows = parsePathSummaryJson({
      rows: [
        {
          path: ['A', 'B'],
          conversions: 1,
          nulls: 0,
          revenue: 12.5,
          days_before_conversion: [2, 1],
        },
        { path: 'C > A', total_conversions: 0, total_non_conversions: 3 },
      ],
    });
    expect(rows).toEqual([
      { path: ['A', 'B'], conversions: 1, nulls: 0, revenue: '12.5', daysBeforeConversion: [2, 1] },
      { path: ['C', 'A'], conversions: 0, nulls: 3, revenue: '0' },
    ]);
  });

  it('Given an unknown key, a missing column or a non-object, When parsed, Then errors name the row', () => {
    expect(() => parsePathSummaryJson([{ path: 'A', conversions: 1, nulls: 0, spend: 3 }])).toThrow(
      'row 1, column "spend": unknown column',
    );
    expect(() => parsePathSummaryJson([{ path: 'A', nulls: 0 }])).toThrow(
      'row 1, column "conversions": missing',
    );
    expect(() => parsePathSummaryJson([{ path: 'A', conversions: 1, nulls: 0 }, 7])).toThrow(
      'row 2: expected an object',
    );
    expect(() => parsePathSummaryJson({})).toThrow('expected an array of rows');
  });
});
