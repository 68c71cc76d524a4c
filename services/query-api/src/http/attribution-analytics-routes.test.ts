import { subtractDecimal } from './attribution-analytics-routes';

describe('subtractDecimal', () => {
  it.each([
    ['10', '12.5', '2.5'],
    ['12.5', '10', '-2.5'],
    ['0.10', '0.1', '0'],
    ['50.05', '60.1', '10.05'],
    ['0', '0.000001', '0.000001'],
    ['99999999999999999.99', '0', '-99999999999999999.99'],
  ])('Given %s and %s, When b - a is taken, Then it is exactly %s', (a, b, diff) => {
    expect(subtractDecimal(a, b)).toBe(diff);
  });
});
