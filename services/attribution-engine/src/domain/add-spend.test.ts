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

  it('leaves the result as it is when no spend is loaded', () => {
    expect(addSpend(result, new Map())).toBe(result);
  });
});
