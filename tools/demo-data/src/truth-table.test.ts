import { generateTraffic } from './generate';
import { trueChannelCredit, truthTable } from './truth-table';

const truth = {
  touchConversion: {
    email: { touches: 100, converted: 14 },
    display: { touches: 300, converted: 6 },
  },
};

describe('trueChannelCredit', () => {
  it('Given the orders each channel caused, When credited, Then shares are those orders over all orders', () => {
    expect(trueChannelCredit(truth)).toEqual({
      display: { conversions: 6, share: 0.3 },
      email: { conversions: 14, share: 0.7 },
    });
  });

  it('Given generated traffic, When credited, Then the caused orders add up to the orders made', () => {
    const made = generateTraffic(
      {
        seed: 3,
        users: 300,
        products: 20,
        categories: 4,
        paymentClients: 0,
        start: new Date('2026-01-01T00:00:00Z'),
        spanMs: 86_400_000,
      },
      () => undefined,
    );
    const credit = trueChannelCredit(made);
    expect(Object.values(credit).reduce((s, c) => s + c.conversions, 0)).toBe(made.orders);
  });
});

describe('truthTable', () => {
  it('Given two models, When set against truth, Then each channel shows share, error and each model its mean error', () => {
    const table = truthTable(truth, {
      last_touch: { channels: { email: { share: 0.5 }, display: { share: 0.5 } } },
      markov: { channels: { email: { share: 0.65 }, display: { share: 0.35 } } },
    });
    expect(table.rows[0]).toEqual({
      channel: 'display',
      true_share: 0.3,
      models: {
        last_touch: { share: 0.5, error: expect.closeTo(0.2, 12) },
        markov: { share: 0.35, error: expect.closeTo(0.05, 12) },
      },
    });
    expect(table.mean_absolute_error.last_touch).toBeCloseTo(0.2, 12);
    expect(table.mean_absolute_error.markov).toBeCloseTo(0.05, 12);
  });
});
