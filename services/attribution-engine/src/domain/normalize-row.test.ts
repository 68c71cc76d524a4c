import Decimal from 'decimal.js';
import { ChannelNames } from './channel-names';
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
    '0.000000',
    '000.10',
    '5.',
    '.5',
    '100',
    '10.000001',
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

// Rows of a file share one ChannelNames, which splits the usual "A > B" cells itself.
const rowOf = (cells: Partial<Record<'path' | 'conversions' | 'nulls', string>>) =>
  normalizeRow(
    { path: 'a > b', conversions: '1', nulls: '0', ...cells },
    'line 7',
    new ChannelNames(),
  );

describe('count cells', () => {
  it.each([
    ['0', 0],
    ['007', 7],
    [' 12 ', 12],
    ['3.0', 3],
    ['3.', 3],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('reads %j as %d', (cell, count) => {
    expect(rowOf({ nulls: cell }).nulls).toBe(count);
  });

  it.each([
    ['1.5', 'must be a whole number, got "1.5"'],
    ['1e3', 'must be a whole number, got "1e3"'],
    ['', 'must be a whole number, got ""'],
    ['+4', 'must be a whole number, got "+4"'],
    ['9007199254740993', 'must be a whole number, got "9007199254740993"'],
    ['-3', 'must not be negative, got -3'],
  ])('refuses %j naming the line and column', (cell, message) => {
    expect(() => rowOf({ nulls: cell })).toThrow(`line 7, column "nulls": ${message}`);
  });
});

describe('path cells', () => {
  it.each([
    ['Search > Email', ['Search', 'Email']],
    ['Search>Email', ['Search', 'Email']],
    ['  Paid Search  >\tE-mail ', ['Paid Search', 'E-mail']],
    ['Display', ['Display']],
  ])('reads %j', (cell, path) => {
    expect(rowOf({ path: cell }).path).toEqual(path);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['A > ', 'touch 2 has no channel name'],
    ['> A', 'touch 1 has no channel name'],
  ])('refuses %j', (cell, message) => {
    expect(() => rowOf({ path: cell })).toThrow(`line 7, column "path": ${message}`);
  });
});

describe('path cells joined other ways', () => {
  it.each([
    ['A>B > C', ['A', 'B', 'C']],
    ['A >  B', ['A', 'B']],
    ['A > B ', ['A', 'B']],
    ['\u00a0A > B', ['A', 'B']],
    ['A > B\u3000', ['A', 'B']],
    ['Ödeme > İndirim', ['Ödeme', 'İndirim']],
  ])('reads %j as the general reader does', (cell, path) => {
    expect(rowOf({ path: cell }).path).toEqual(path);
  });

  it('refuses an empty touch between two " > "', () => {
    expect(() => rowOf({ path: 'A >  > B' })).toThrow('touch 2 has no channel name');
  });
});

describe('path arrays', () => {
  it("copies a caller's array instead of trimming it in place", () => {
    const path = [' A ', 'B'];
    expect(normalizeRow({ path, conversions: 1, nulls: 0 }, 'row 1').path).toEqual(['A', 'B']);
    expect(path).toEqual([' A ', 'B']);
  });
});
