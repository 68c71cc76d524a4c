import { summaryOf } from './path-summary';
import { row, thrownCode } from './test-rows';
import { timeDecay, timeDecayWeights } from './time-decay';

describe('timeDecay', () => {
  it('Given touches 14, 7 and 0 days out with half-life 7, When weighted, Then weights are 1:2:4 over 7', () => {
    expect([...timeDecayWeights([14, 7, 0], 7)]).toEqual([1 / 7, 2 / 7, 4 / 7]);
  });

  it('Given two touches one half-life apart, When attributed, Then the nearer gets two thirds', () => {
    const result = timeDecay(summaryOf([row('A>B', 3, 1, '3.00', [7, 0])]));
    expect(result.channels.A!.conversions).toBeCloseTo(1, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(2, 12);
    expect(result.channels.B!.revenue).toBe('2');
    expect(result.options.half_life).toBe(7);
  });

  it('Given a half-life of 1 day, When attributed, Then older touches fade faster', () => {
    const result = timeDecay(summaryOf([row('A>B', 1, 0, '0', [2, 0])]), { half_life: 1 });
    expect(result.channels.A!.conversions).toBeCloseTo(0.2, 12);
  });

  it('Given touches years old, When weighted, Then weights stay finite and sum to 1', () => {
    const weights = timeDecayWeights([5000, 4000], 1);
    expect(weights[0]! + weights[1]!).toBe(1);
    expect(weights[1]).toBe(1);
  });

  it('Given a converting path without days, When attributed, Then it fails with missing_days naming the path', () => {
    const run = (): unknown => timeDecay(summaryOf([row('A>B', 1)]));
    expect(thrownCode(run)).toBe('missing_days');
    expect(run).toThrow('path "A > B" has none');
  });

  it('Given a half-life of 0 or less, When attributed, Then it fails with invalid_option', () => {
    for (const half_life of [0, -3, Number.NaN]) {
      expect(
        thrownCode(() => timeDecay(summaryOf([row('A', 1, 0, '0', [1])]), { half_life })),
      ).toBe('invalid_option');
    }
  });
});
