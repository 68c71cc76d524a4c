import type { ReportName, ReportRowsByName } from './report-rows';

/** Column names and order of each CSV: a public contract, append new columns at the end only. */
export const CSV_COLUMNS = {
  'top-viewed': [
    'period_start',
    'period_end',
    'category_id',
    'rank',
    'product_id',
    'distinct_viewers',
    'views',
  ],
  'top-purchased': [
    'period_start',
    'period_end',
    'category_id',
    'rank',
    'product_id',
    'distinct_buyers',
    'orders',
    'units',
  ],
  conversion: [
    'period_start',
    'period_end',
    'category_id',
    'viewers',
    'buyers',
    'purchase_view_ratio',
  ],
} as const satisfies { [N in ReportName]: readonly (keyof ReportRowsByName[N])[] };

/** RFC 4180 quoting; a leading formula character is prefixed so spreadsheets show text, not run it. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 CSV text with a header row and CRLF-free `\n` line ends; no rows gives the header only. */
export function renderReportCsv<N extends ReportName>(
  name: N,
  rows: readonly ReportRowsByName[N][],
): string {
  const columns = CSV_COLUMNS[name] as readonly (keyof ReportRowsByName[N])[];
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => cell(row[c] as string | number | null)).join(','));
  }
  return `${lines.join('\n')}\n`;
}
