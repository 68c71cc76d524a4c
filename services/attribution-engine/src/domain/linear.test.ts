import { linear } from './linear';
import { summaryOf } from './path-summary';
import { row } from './test-rows';

describe('linear', () => {
  it('Given a repeated channel, When attributed, Then it accumulates one share per touch', () => {
    // A>B>A with 3 conversions and 9.00: A gets 2/3 (2 conversions, 6.00), B 1/3 (1, 3.00).
    const result = linear(summaryOf([row('A>B>A', 3, 4, '9.00')]));
    expect(result.channels.A!.conversions).toBeCloseTo(2, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(1, 12);
    expect(result.channels.A!.revenue).toBe('6');
    expect(result.channels.B!.revenue).toBe('3');
  });

  it('Given revenue that does not split evenly, When attributed, Then channel revenues still add up to the cent', () => {
    const result = linear(summaryOf([row('A>B>C', 1, 0, '10.00'), row('B>C', 1, 0, '0.01')]));
    const cents = Object.values(result.channels).map((c) => Math.round(Number(c.revenue) * 100));
    expect(cents.reduce((a, b) => a + b, 0)).toBe(1001);
    expect(result.total_revenue).toBe('10.01');
  });
});
