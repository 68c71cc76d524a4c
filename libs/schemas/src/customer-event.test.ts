import { customerKey, parseCustomerEvent, parseCustomerEventInput } from './customer-event';

const now = new Date('2026-01-10T12:00:00Z');
const rules = { now, maxFutureSkewMs: 5 * 60_000 };
const view = {
  event_id: 'e-1',
  type: 'product_view',
  occurred_at: '2026-01-10T11:59:00Z',
  user_id: 'user-1',
  platform: 'web',
  properties: { product_id: 'product-1', category_id: 'category-2' },
};

describe('customer event contract', () => {
  it('accepts a valid product view', () => {
    expect(parseCustomerEventInput(view, rules)).toEqual({ ok: true, value: view });
  });

  it('names the field when a product view has no product_id', () => {
    const result = parseCustomerEventInput({ ...view, properties: {} }, rules);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain('/properties/product_id');
  });

  it('rejects unknown types, wrong types and unknown fields', () => {
    for (const bad of [
      { ...view, type: 'teleport' },
      { ...view, occurred_at: 12 },
      { ...view, colour: 'red' },
      { ...view, occurred_at: '2026-02-30T00:00:00Z' },
    ]) {
      expect(parseCustomerEventInput(bad, rules).ok).toBe(false);
    }
  });

  it('needs a customer id, and identify needs both ids', () => {
    const { user_id: _u, ...anonymousless } = view;
    const missing = parseCustomerEventInput(anonymousless, rules);
    expect(missing.ok).toBe(false);
    const identify = parseCustomerEventInput(
      { event_id: 'i', type: 'identify', occurred_at: view.occurred_at, user_id: 'u' },
      rules,
    );
    expect(identify.ok ? [] : identify.issues.map((i) => i.path)).toEqual(['/anonymous_id']);
  });

  it('rejects timestamps beyond the allowed clock skew, accepts ones within it', () => {
    const future = parseCustomerEventInput({ ...view, occurred_at: '2026-01-10T12:06:00Z' }, rules);
    expect(future.ok).toBe(false);
    const nearFuture = parseCustomerEventInput(
      { ...view, occurred_at: '2026-01-10T12:04:00Z' },
      rules,
    );
    expect(nearFuture.ok).toBe(true);
  });

  it('requires order id, revenue and an ISO currency on orders', () => {
    const order = {
      event_id: 'o-1',
      type: 'order_completed',
      occurred_at: view.occurred_at,
      user_id: 'user-1',
      properties: { order_id: '50000', revenue: '120.50', currency: 'TRY' },
    };
    expect(parseCustomerEventInput(order, rules).ok).toBe(true);
    const bad = parseCustomerEventInput(
      { ...order, properties: { order_id: '1', revenue: 'ten', currency: 'tl' } },
      rules,
    );
    expect(bad.ok ? [] : bad.issues.map((i) => i.path).sort()).toEqual(
      expect.arrayContaining(['/properties/currency', '/properties/revenue']),
    );
  });

  it('requires received_at and channel on stored events', () => {
    expect(parseCustomerEvent(view).ok).toBe(false);
    expect(
      parseCustomerEvent({ ...view, received_at: now.toISOString(), channel: 'direct' }).ok,
    ).toBe(true);
  });

  it('keys by user id, else anonymous id', () => {
    expect(customerKey({ user_id: 'u', anonymous_id: 'a' })).toBe('u');
    expect(customerKey({ anonymous_id: 'a' })).toBe('a');
  });
});
