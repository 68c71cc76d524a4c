import type { AttributionResult } from '@tributary/schemas';
import { addSpend } from './add-spend';

const result: AttributionResult = {
  model: 'linear',
  options: {},
  total_conversions: 2,
  total_revenue: '30.10',
  channels: {
    A: { conversions: 1, revenue: '20.10', share: 0.5 },
    B: { conversions: 1, revenue: '10', share: 0.5 },
  },
};

describe('addSpend', () => {
  it('adds exact cost, ROAS = revenue / cost, null ROAS without cost, and the total spend', () => {
    const out = addSpend(
      result,
      new Map([
        ['A', '3.00'],
        ['Z', '0.30'],
      ]),
    );
    expect(out.channels.A).toMatchObject({ cost: '3', roas: 6.7 });
    expect(out.channels.B).toMatchObject({ cost: '0', roas: null });
    expect(out.total_cost).toBe('3.3');
  });

  it('adds CPA = cost / attributed conversions in the currency minor units, null without cost or conversions', () => {
    const fractional: AttributionResult = {
      ...result,
      channels: {
        A: { conversions: 3, revenue: '20.10', share: 0.75 },
        B: { conversions: 0, revenue: '0', share: 0 },
      },
    };
    const costs = new Map([
      ['A', '10.00'],
      ['B', '4.00'],
    ]);
    expect(addSpend(fractional, costs).channels.A?.cpa).toBe('3.33');
    expect(addSpend(fractional, costs, 0).channels.A?.cpa).toBe('3');
    expect(addSpend(fractional, costs).channels.B?.cpa).toBeNull();
    expect(addSpend(result, costs).channels.A?.cpa).toBe('10.00');
  });

  it('leaves the result as it is when no spend is loaded', () => {
    expect(addSpend(result, new Map())).toBe(result);
  });
});
