import { lastTouch } from './last-touch';
import { summaryOf } from './path-summary';
import { row } from './test-rows';

describe('lastTouch', () => {
  it('Given paths ending in different channels, When attributed, Then each conversion goes to the last touch', () => {
    const result = lastTouch(summaryOf([row('A>B>C', 2, 1, '30.00'), row('C>A', 1, 0, '5.55')]));
    expect(result.channels.C).toEqual({ conversions: 2, revenue: '30', share: 2 / 3 });
    expect(result.channels.A).toEqual({ conversions: 1, revenue: '5.55', share: 1 / 3 });
    expect(result.channels.B).toEqual({ conversions: 0, revenue: '0', share: 0 });
  });
});
