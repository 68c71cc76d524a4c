import { FormatRegistry } from '@sinclair/typebox';

// TypeBox checks formats only when they are registered; Fastify's Ajv knows them already.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const digits = (value: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i += 1) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
};

/**
 * Whether the `YYYY-MM-DD` the pattern already matched names a day of the calendar (2021-02-30
 * does not). Read from the character codes: every event has two timestamps, and slicing,
 * splitting and a Date per value were a tenth of the gateway's validation.
 */
export function isRealDate(value: string): boolean {
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  // Years 0-99 are refused, as they always were here (Date.UTC reads them as 1900-1999).
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) {
    FormatRegistry.Set(
      'date-time',
      (v) => DATE_TIME.test(v) && isRealDate(v) && !Number.isNaN(Date.parse(v)),
    );
  }
  if (!FormatRegistry.Has('date')) {
    FormatRegistry.Set('date', (v) => DATE.test(v) && isRealDate(v));
  }
}

registerFormats();
