import type { CustomerEvent } from '@tributary/schemas';
import { productViewFromEvent } from './product-view-from-event';

const base: CustomerEvent = {
  event_id: 'e1',
  type: 'product_view',
  occurred_at: '2025-03-01T12:00:00.000Z',
  received_at: '2025-03-01T12:00:01.000Z',
  channel: 'direct',
  user_id: 'u1',
  platform: 'ios',
  properties: { product_id: 'p1', category_id: 'c1' },
};

describe('productViewFromEvent', () => {
  it('reads the viewer, product, category, platform and both times', () => {
    expect(productViewFromEvent(base)).toEqual({
      eventId: 'e1',
      userId: 'u1',
      productId: 'p1',
      categoryId: 'c1',
      platform: 'ios',
      occurredAt: Date.parse('2025-03-01T12:00:00.000Z'),
      receivedAt: Date.parse('2025-03-01T12:00:01.000Z'),
    });
  });

  it("names a missing category or platform 'unknown' and an anonymous viewer by the anonymous id", () => {
    const view = productViewFromEvent({
      ...base,
      user_id: undefined,
      anonymous_id: 'anon-7',
      platform: undefined,
      properties: { product_id: 'p1' },
    });
    expect(view).toMatchObject({ userId: 'anon-7', categoryId: 'unknown', platform: 'unknown' });
  });

  it('ignores other event types', () => {
    expect(productViewFromEvent({ ...base, type: 'page_view' })).toBeUndefined();
  });
});
