import { parseCustomerEventInput } from '@tributary/schemas';
import { mapHepsiburadaRecord, parseCategoryMap } from './hepsiburada';

const categories = parseCategoryMap(
  'productid,categoryid\nproduct-173,category-4\nproduct-784,category-9\n',
);
const at = new Date('2026-01-10T10:15:00Z');

describe('the e-commerce case records', () => {
  it('maps a ProductView onto a product_view with its category and platform', () => {
    const event = mapHepsiburadaRecord(
      {
        event: 'ProductView',
        messageid: 'm1',
        userid: 'user-78',
        properties: { productid: 'product-173' },
        context: { source: 'mobile-app' },
      },
      categories,
      at,
    );
    expect(event).toEqual({
      event_id: 'm1',
      type: 'product_view',
      occurred_at: '2026-01-10T10:15:00.000Z',
      user_id: 'user-78',
      platform: 'mobile-app',
      properties: { product_id: 'product-173', category_id: 'category-4' },
    });
    expect(parseCustomerEventInput(event).ok).toBe(true);
  });

  it('maps an OrderEvent onto an order_completed with its line items, valid against the contract', () => {
    const event = mapHepsiburadaRecord(
      {
        event: 'OrderEvent',
        messageid: 'm2',
        userid: 'user-346',
        orderid: 50000,
        lineitems: [
          { productid: 'product-784', quantity: 3 },
          { productid: 'product-999', quantity: 1 },
        ],
      },
      categories,
      at,
    );
    expect(event.properties).toEqual({
      order_id: '50000',
      revenue: '0',
      currency: 'TRY',
      items: [
        { product_id: 'product-784', quantity: 3, category_id: 'category-9' },
        { product_id: 'product-999', quantity: 1 },
      ],
    });
    expect(parseCustomerEventInput(event).ok).toBe(true);
  });
});
