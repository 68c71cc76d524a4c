import { Decimal } from 'decimal.js';

export { Decimal };

/** Money arrives as JSON numbers or strings (the seed uses numbers); both become exact decimals. */
export function toDecimal(value: string | number | undefined, fallback = '0'): Decimal {
  return new Decimal(value ?? fallback);
}

export function minDecimal(first: Decimal, ...rest: Decimal[]): Decimal {
  return rest.reduce((min, value) => (value.lessThan(min) ? value : min), first);
}
