import { firstTouch } from './first-touch';
import { summaryOf } from './path-summary';
import { row } from './test-rows';

describe('firstTouch', () => {
  it('Given converting and non-converting paths, When attributed, Then each conversion and its revenue go to the first touch', () => {
    const result = firstTouch(
      summaryOf([row('A>B>C', 2, 1, '30.00'), row('B>A', 1, 0, '5.55'), row('C', 0, 9)]),
    );
    expect(result.channels).toEqual({
      A: { conversions: 2, revenue: '30', share: 2 / 3 },
      B: { conversions: 1, revenue: '5.55', share: 1 / 3 },
      C: { conversions: 0, revenue: '0', share: 0 },
    });
    expect(result).toMatchObject({
      model: 'first_touch',
      total_conversions: 3,
      total_revenue: '35.55',
    });
  });
});
