import { AttributionError } from './attribution-error';
import { parseCsvRecords } from './parse-csv-records';

/** One rate: 1 `from` = `rate` `to` on `date` (the fx_rates row campaign-goals reads too). */
export interface FxRateRow {
  readonly from: string;
  readonly to: string;
  readonly date: string;
  readonly rate: string;
}

const COLUMNS = ['from', 'to', 'date', 'rate'] as const;
type Column = (typeof COLUMNS)[number];

function invalid(message: string): never {
  throw new AttributionError('invalid_input', message);
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/**
 * CSV `from,to,date,rate` (any column order, header required): the rate is a positive decimal
 * read as text (no binary rounding); a pair and date given twice is refused, as it is ambiguous.
 */
export function parseFxCsv(text: string): FxRateRow[] {
  const [header, ...records] = parseCsvRecords(text);
  if (!header) return invalid('the rates file is empty');
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    Column,
    number
  >;
  for (const column of COLUMNS) if (at[column] < 0) invalid(`line 1: missing column "${column}"`);
  if (records.length === 0) invalid('the rates file has a header but no rows');
  const seen = new Map<string, number>();
  return records.map(({ line, cells }) => {
    const cell = (column: Column) => (cells[at[column]] ?? '').trim();
    const where = (column: Column) => `line ${line}, column "${column}"`;
    const [from, to] = [cell('from'), cell('to')];
    for (const [column, code] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!/^[A-Z]{3}$/.test(code))
        invalid(`${where(column)}: must be an ISO 4217 code, got "${code}"`);
    }
    if (from === to) invalid(`line ${line}: from and to are both ${from}`);
    const date = cell('date');
    if (!isDate(date)) invalid(`${where('date')}: must be a date YYYY-MM-DD, got "${date}"`);
    const rate = cell('rate');
    if (!/^\d{1,12}(\.\d{1,12})?$/.test(rate) || !/[1-9]/.test(rate))
      invalid(`${where('rate')}: must be a decimal > 0, got "${rate}"`);
    const key = `${from}|${to}|${date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      invalid(`line ${line}: ${from}->${to} on ${date} is also on line ${earlier}`);
    seen.set(key, line);
    return { from, to, date, rate };
  });
}
