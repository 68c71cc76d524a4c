import Decimal from 'decimal.js';

/**
 * Money arithmetic for the whole domain. 40 significant digits so that a product of a 15-digit
 * amount and an FX rate is exact before it is rounded to the currency's minor units.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const MAX_DIGITS = 30;

export type ParsedDecimal = { ok: true; value: Money } | { ok: false; reason: string };

/** Reads a decimal from JSON: a finite number or a plain decimal string (no exponent, no spaces). */
export function parseDecimal(raw: unknown): ParsedDecimal {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, reason: 'not a finite number' };
    // String(n) is the shortest text that reads back as n, so 0.1 becomes exactly 0.1.
    return { ok: true, value: new Money(String(raw)) };
  }
  if (typeof raw !== 'string')
    return { ok: false, reason: `expected a decimal, got ${typeName(raw)}` };
  const text = raw.trim();
  if (!DECIMAL_TEXT.test(text))
    return { ok: false, reason: `"${raw.slice(0, 40)}" is not a decimal` };
  if (text.replace(/[^\d]/g, '').length > MAX_DIGITS)
    return { ok: false, reason: 'too many digits' };
  return { ok: true, value: new Money(text) };
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
