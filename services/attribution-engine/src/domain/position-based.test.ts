import { summaryOf } from './path-summary';
import { positionBased, positionWeights } from './position-based';
import { row, thrownCode } from './test-rows';

describe('positionBased', () => {
  it('Given one, two, three and five touches, When weighted 40/20/40, Then the ends get 40% and the middle shares 20%', () => {
    const w = { first: 0.4, middle: 0.2, last: 0.4 };
    expect([...positionWeights(1, w)]).toEqual([1]);
    expect([...positionWeights(2, w)]).toEqual([0.5, 0.5]);
    expect([...positionWeights(3, w)]).toEqual([0.4, 0.2, 0.4]);
    expect([...positionWeights(5, w)].map((x) => +x.toFixed(12))).toEqual([
      0.4, 0.066666666667, 0.066666666667, 0.066666666667, 0.4,
    ]);
  });

  it('Given a path A>B>C>A with 10 conversions, When attributed, Then A gets 8, B and C 1 each', () => {
    const result = positionBased(summaryOf([row('A>B>C>A', 10, 0, '100.00')]));
    expect(result.channels.A!.conversions).toBeCloseTo(8, 12);
    expect(result.channels.B!.conversions).toBeCloseTo(1, 12);
    expect(result.channels.A!.revenue).toBe('80');
    expect(result.options.position_weights).toEqual({ first: 0.4, middle: 0.2, last: 0.4 });
  });

  it('Given custom weights 30/40/30 and a two-touch path, When attributed, Then the ends split in the ratio first:last', () => {
    const options = { position_weights: { first: 0.3, middle: 0.4, last: 0.3 } };
    const result = positionBased(summaryOf([row('A>B>C', 1), row('C>A', 1)]), options);
    expect(result.channels.B!.conversions).toBeCloseTo(0.4, 12);
    expect(result.channels.C!.conversions).toBeCloseTo(0.8, 12);
  });

  it('Given weights that do not sum to 1, When attributed, Then it fails with invalid_option', () => {
    const options = { position_weights: { first: 0.5, middle: 0.2, last: 0.4 } };
    expect(thrownCode(() => positionBased(summaryOf([row('A', 1)]), options))).toBe(
      'invalid_option',
    );
  });
});
