import { DEFAULT_CHANNEL_RULES } from '@tributary/channel-grouping';
import { takeIn } from './take-in';

const rules = { channelRules: DEFAULT_CHANNEL_RULES, ownHosts: [], maxFutureSkewMs: 60_000 };
const now = new Date('2026-03-01T10:00:00Z');
const good = {
  event_id: 'e1',
  type: 'page_view',
  occurred_at: '2026-03-01T09:59:00Z',
  anonymous_id: 'a1',
  marketing: { utm_medium: 'email', utm_campaign: 'spring' },
};

describe('takeIn', () => {
  it('stamps accepted events with received_at and the derived channel', () => {
    const outcome = takeIn([good], rules, now);
    expect(outcome.accepted).toEqual([
      { ...good, received_at: now.toISOString(), channel: 'email' },
    ]);
    expect(outcome.results).toEqual([{ index: 0, event_id: 'e1', status: 'accepted' }]);
  });

  it("writes the producer's fields in their order, then the stamps; a channel the producer set stays where it was", () => {
    const own = { ...good, event_id: 'e2', channel: 'partner' };
    const [stamped, kept] = takeIn([good, own], rules, now).accepted;
    expect(JSON.stringify(stamped)).toBe(
      JSON.stringify({ ...good, received_at: now.toISOString(), channel: 'email' }),
    );
    expect(Object.keys(kept ?? {})).toEqual([...Object.keys(own), 'received_at']);
    expect(kept?.channel).toBe('partner');
    // A fresh object: the request's own item is left as it came.
    expect(stamped).not.toBe(good);
    expect(good).not.toHaveProperty('received_at');
  });

  it('rejects bad items one by one with reasons and keeps the good ones', () => {
    const outcome = takeIn([{ ...good, event_id: 'bad', type: 'nope' }, good, 42], rules, now);
    expect(outcome.accepted.map((e) => e.event_id)).toEqual(['e1']);
    expect(outcome.results.map((r) => r.status)).toEqual(['rejected', 'accepted', 'rejected']);
    const first = outcome.results[0];
    expect(first?.status === 'rejected' && first.event_id).toBe('bad');
    expect(first?.status === 'rejected' && first.errors.some((e) => e.path === '/type')).toBe(true);
  });

  it('Given an order with negative revenue or a negative item price, Then it is rejected with a clear error', () => {
    const order = {
      event_id: 'o1',
      type: 'order_completed',
      occurred_at: '2026-03-01T09:59:00Z',
      user_id: 'u1',
      properties: { order_id: 'o1', revenue: '-10.00', currency: 'TRY' },
    };
    const withItem = {
      ...order,
      event_id: 'o2',
      properties: {
        order_id: 'o2',
        revenue: 5,
        currency: 'TRY',
        items: [{ product_id: 'p', quantity: 1, price: -5 }],
      },
    };
    const outcome = takeIn(
      [
        order,
        withItem,
        { ...order, event_id: 'o3', properties: { ...order.properties, revenue: '0' } },
      ],
      rules,
      now,
    );
    expect(outcome.accepted.map((e) => e.event_id)).toEqual(['o3']);
    expect(outcome.results[0]).toEqual({
      index: 0,
      event_id: 'o1',
      status: 'rejected',
      errors: [
        {
          path: '/properties/revenue',
          message:
            'must not be negative, got -10.00 (send a refund or cancellation as its own event, not as an order)',
        },
      ],
    });
    expect(outcome.results[1]).toMatchObject({
      status: 'rejected',
      errors: [{ path: '/properties/items/0/price', message: 'must not be negative, got -5' }],
    });
  });
});
