import Decimal from 'decimal.js';
import { AttributionError } from './attribution-error';
import type { ChannelNames } from './channel-names';
import { MAX_REVENUE_SCALE } from './money';
import type { PathSummaryRow } from './path-summary';

/** The cells of one input row before validation (CSV strings or JSON values). */
export interface RawRow {
  readonly path: unknown;
  readonly conversions: unknown;
  readonly nulls: unknown;
  readonly revenue?: unknown;
  readonly days?: unknown;
}

/** Where a row came from, for error messages: e.g. `line 4` or `row 3`. */
export type RowLocation = string;

const fail = (where: RowLocation, column: string, problem: string): never => {
  throw new AttributionError('invalid_input', `${where}, column "${column}": ${problem}`);
};

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

function splitPath(value: unknown, where: RowLocation, column: string): unknown[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : value.split('>');
  if (Array.isArray(value)) return value as unknown[];
  return fail(where, column, `must be a string joined by " > " or an array, got ${shown(value)}`);
}

function parsePath(value: unknown, where: RowLocation, names?: ChannelNames): string[] {
  const plain = typeof value === 'string' && names ? names.splitPlain(value) : undefined;
  if (plain) return plain;
  const parts = splitPath(value, where, 'path');
  if (parts.length === 0) fail(where, 'path', 'is empty');
  // A string's parts are filled in place (the array from split() is ours); a caller's array is
  // copied, never changed.
  const path = (typeof value === 'string' ? parts : parts.slice()) as string[];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const channel = typeof part === 'string' ? part.trim() : '';
    if (channel === '') fail(where, 'path', `touch ${i + 1} has no channel name`);
    path[i] = names ? names.intern(channel) : channel;
  }
  return path;
}

/** The value of a cell of 1-15 ASCII digits (always a safe integer), else -1. */
function digitsValue(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function parseCount(value: unknown, where: RowLocation, column: string): number {
  if (typeof value === 'string') {
    const plain = digitsValue(value);
    if (plain >= 0) return plain;
  }
  const n = typeof value === 'string' && /^\s*-?\d+(\.0*)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    return fail(where, column, `must be a whole number, got ${shown(value)}`);
  }
  if (n < 0) fail(where, column, `must not be negative, got ${n}`);
  return n;
}

// A plain non-negative decimal, as nearly every revenue cell is: read without a Decimal object
// (one per cell was a measurable share of a 200k-row file), with the same canonical text.
const PLAIN_DECIMAL = new RegExp(`^(\\d+)(?:\\.(\\d{0,${MAX_REVENUE_SCALE}}))?$`);

/** Decimal's toFixed() text of a plain decimal: no leading zeros, no trailing fraction zeros. */
export function canonicalDecimal(whole: string, fraction = ''): string {
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

/**
 * canonicalDecimal's text of a cell that is digits with at most one `.` inside (at most
 * MAX_REVENUE_SCALE decimals), found by one scan and at most one slice; undefined for anything
 * else (spaces, signs, exponents, ".5"), which the general path reads.
 */
function plainRevenue(text: string): string | undefined {
  const length = text.length;
  let dot = -1;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && dot < 0 && i > 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  const wholeEnd = dot < 0 ? length : dot;
  if (dot >= 0 && length - dot - 1 > MAX_REVENUE_SCALE) return undefined;
  let start = 0;
  while (start < wholeEnd - 1 && text.charCodeAt(start) === 48) start++;
  let end = length;
  if (dot >= 0) {
    while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
    if (end === dot + 1) end = dot;
  }
  return start === 0 && end === length ? text : text.slice(start, end);
}

function parseRevenue(value: unknown, where: RowLocation): string {
  if (value === undefined || value === null || value === '') return '0';
  if (typeof value === 'string') {
    const fast = plainRevenue(value);
    if (fast !== undefined) return fast;
    const plain = PLAIN_DECIMAL.exec(value.trim());
    if (plain) return canonicalDecimal(plain[1]!, plain[2]);
  }
  let revenue: Decimal;
  try {
    revenue = new Decimal(typeof value === 'string' ? value.trim() : (value as number));
  } catch {
    return fail(where, 'revenue', `must be a decimal number, got ${shown(value)}`);
  }
  if (!revenue.isFinite() || (typeof value !== 'string' && typeof value !== 'number')) {
    fail(where, 'revenue', `must be a decimal number, got ${shown(value)}`);
  }
  if (revenue.isNegative()) fail(where, 'revenue', `must not be negative, got ${shown(value)}`);
  if (revenue.decimalPlaces() > MAX_REVENUE_SCALE) {
    fail(where, 'revenue', `has more than ${MAX_REVENUE_SCALE} decimals: ${shown(value)}`);
  }
  return revenue.toFixed();
}

function parseDays(value: unknown, length: number, where: RowLocation): number[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const column = 'days_before_conversion';
  const parts = splitPath(value, where, column);
  const days = parts.map((part) =>
    typeof part === 'string' && part.trim() !== '' ? Number(part) : part,
  );
  days.forEach((day, i) => {
    if (typeof day !== 'number' || !Number.isFinite(day) || day < 0) {
      fail(where, column, `touch ${i + 1} must be a number of days >= 0, got ${shown(parts[i])}`);
    }
  });
  if (days.length !== length) {
    fail(where, column, `has ${days.length} values but the path has ${length} touches`);
  }
  return days as number[];
}

/**
 * Validates one row; errors name the row and the column. Rows of one file may share `names`,
 * so that equal channel names are one string.
 */
export function normalizeRow(
  raw: RawRow,
  where: RowLocation,
  names?: ChannelNames,
): PathSummaryRow {
  const path = parsePath(raw.path, where, names);
  const conversions = parseCount(raw.conversions, where, 'conversions');
  const nulls = parseCount(raw.nulls, where, 'nulls');
  if (conversions + nulls === 0)
    fail(where, 'conversions', 'the row has neither conversions nor nulls');
  const revenue = parseRevenue(raw.revenue, where);
  if (conversions === 0 && revenue !== '0')
    fail(where, 'revenue', 'a path without conversions has no revenue');
  const daysBeforeConversion = parseDays(raw.days, path.length, where);
  return daysBeforeConversion
    ? { path, conversions, nulls, revenue, daysBeforeConversion }
    : { path, conversions, nulls, revenue };
}
