import { AttributionError } from './attribution-error';
import { parseCsvRecords } from './parse-csv-records';

export interface SpendRow {
  readonly channel: string;
  readonly day: string;
  readonly cost: string;
  /** ISO 4217; absent: already in the reporting currency of the runs that read it. */
  readonly currency?: string;
}

const COLUMNS = ['channel', 'day', 'cost'] as const;

function invalid(message: string): never {
  throw new AttributionError('invalid_input', message);
}

/**
 * CSV `channel,day,cost[,currency]` (any column order, header required); errors name line and
 * column.
 */
export function parseSpendCsv(text: string): SpendRow[] {
  const [header, ...records] = parseCsvRecords(text);
  if (!header) return invalid('the spend file is empty');
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const at = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  for (const column of COLUMNS) if (at[column] < 0) invalid(`line 1: missing column "${column}"`);
  if (records.length === 0) invalid('the spend file has a header but no rows');
  const currencyAt = names.indexOf('currency');
  return records.map(({ line, cells }) => {
    const cell = (column: (typeof COLUMNS)[number]) => (cells[at[column]] ?? '').trim();
    const channel = cell('channel');
    if (channel === '') invalid(`line ${line}, column "channel": must not be empty`);
    const day = cell('day');
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
      invalid(`line ${line}, column "day": must be a date YYYY-MM-DD, got "${day}"`);
    }
    const cost = cell('cost');
    if (!/^\d{1,15}(\.\d{1,6})?$/.test(cost)) {
      invalid(
        `line ${line}, column "cost": must be a decimal >= 0 with at most 6 decimals, got "${cost}"`,
      );
    }
    const currency = currencyAt >= 0 ? (cells[currencyAt] ?? '').trim() : '';
    if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) {
      invalid(`line ${line}, column "currency": must be an ISO 4217 code, got "${currency}"`);
    }
    return { channel, day, cost, ...(currency !== '' && { currency }) };
  });
}
