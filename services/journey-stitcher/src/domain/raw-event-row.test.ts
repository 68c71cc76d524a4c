import type { CustomerEvent } from '@tributary/schemas';
import { productCategoriesOf, toRawEventRow } from './raw-event-row';

const base: CustomerEvent = {
  event_id: 'e1',
  type: 'order_completed',
  occurred_at: '2025-03-01T10:00:00.123456Z',
  received_at: '2025-03-01T10:00:01Z',
  anonymous_id: 'anon',
  channel: 'email',
  marketing: { utm_campaign: 'spring' },
  properties: {
    order_id: 'A',
    revenue: 19.99,
    currency: 'EUR',
    items: [
      { product_id: 'p1', quantity: 1, category_id: 'c1' },
      { product_id: 'p1', quantity: 2, category_id: 'c1' },
      { product_id: 'p2', quantity: 1 },
    ],
  },
};

describe('toRawEventRow', () => {
  it('Given an order, When mapped, Then order fields, exact revenue text and the ingest customer key are kept', () => {
    expect(toRawEventRow(base)).toMatchObject({
      eventId: 'e1',
      occurredAt: new Date('2025-03-01T10:00:00.123Z'),
      customerId: 'anon',
      userId: null,
      campaign: 'spring',
      orderId: 'A',
      revenue: '19.99',
      currency: 'EUR',
      productId: null,
    });
  });

  it('Given an ad click without UTM tags, When mapped, Then its campaign comes from the properties', () => {
    const row = toRawEventRow({
      ...base,
      type: 'ad_click',
      user_id: 'u1',
      marketing: {},
      properties: { campaign_id: 'cmp-7' },
    });
    expect(row).toMatchObject({
      campaign: 'cmp-7',
      customerId: 'u1',
      orderId: null,
      revenue: null,
    });
  });
});

describe('productCategoriesOf', () => {
  it('Given order items, When read, Then each product with a category appears once', () => {
    expect(productCategoriesOf(base).map((p) => [p.productId, p.categoryId])).toEqual([
      ['p1', 'c1'],
    ]);
  });

  it('Given a product view, When read, Then its product and category are a fact', () => {
    const view: CustomerEvent = {
      ...base,
      type: 'product_view',
      properties: { product_id: 'p9', category_id: 'c3' },
    };
    expect(productCategoriesOf(view)).toEqual([
      { productId: 'p9', categoryId: 'c3', updatedAt: new Date(base.occurred_at) },
    ]);
  });
});
