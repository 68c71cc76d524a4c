import { allocateMinorUnits, formatMinorUnits, revenueScale, toMinorUnits } from './money';
import { row, thrownCode } from './test-rows';

describe('money', () => {
  it('Given 100 minor units and three equal weights, When allocated, Then parts are 34/33/33 and sum to 100', () => {
    expect(allocateMinorUnits(100, [1 / 3, 1 / 3, 1 / 3])).toEqual([34, 33, 33]);
  });

  it('Given weights with remainders, When allocated, Then the largest remainders get the extra units', () => {
    // 4500 * 5/11 = 2045.45..., 4500 * 6/11 = 2454.54...: the spare unit goes to the second.
    expect(allocateMinorUnits(4500, [5 / 11, 6 / 11])).toEqual([2045, 2455]);
  });

  it('Given many random weights, When allocated, Then the parts always sum exactly to the total', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const weights = Array.from({ length: 1 + (trial % 9) }, next);
      const total = Math.floor(next() * 1e9);
      const parts = allocateMinorUnits(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });

  it('Given decimal strings, When converted to minor units and back, Then they round-trip exactly', () => {
    const scale = revenueScale([row('A', 1, 0, '0.1'), row('B', 1, 0, '12.345')]);
    expect(scale).toBe(3);
    expect(toMinorUnits('0.1', scale)).toBe(100);
    expect(toMinorUnits('12.345', scale)).toBe(12345);
    expect(formatMinorUnits(12345, scale)).toBe('12.345');
    expect(formatMinorUnits(5, 2)).toBe('0.05');
    expect(formatMinorUnits(1200, 2)).toBe('12');
  });

  it('Given a revenue beyond exact integers, When converted, Then it fails with revenue_overflow', () => {
    expect(thrownCode(() => toMinorUnits('999999999999999', 6))).toBe('revenue_overflow');
  });
});
