import Decimal from 'decimal.js';
import { canonicalDecimal, normalizeRow } from './normalize-row';

const revenueOf = (revenue: unknown) =>
  normalizeRow({ path: 'a > b', conversions: '1', nulls: '0', revenue }, 'line 2').revenue;

describe('revenue cells', () => {
  it.each([
    '0',
    '000',
    '0.0',
    '12.50',
    '0012.000100',
    '7.',
    '123456789012345678.123456',
    ' 42.5 ',
    '1e3',
    '2.5E-2',
  ])('reads %j to the same exact text as decimal.js does', (cell) => {
    expect(revenueOf(cell)).toBe(new Decimal(cell.trim()).toFixed());
  });

  it.each([
    ['-1', /must not be negative/],
    ['1.1234567', /more than 6 decimals/],
    ['12,50', /must be a decimal number/],
    ['abc', /must be a decimal number/],
  ])('refuses %j', (cell, message) => {
    expect(() => revenueOf(cell)).toThrow(message);
  });

  it('keeps the canonical text rule in one function', () => {
    expect(canonicalDecimal('000', '')).toBe('0');
    expect(canonicalDecimal('010', '2500')).toBe('10.25');
  });
});
