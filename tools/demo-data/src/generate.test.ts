import { parseCustomerEventInput, type CustomerEventInput } from '@tributary/schemas';
import { generatePaymentTraffic, generateTraffic } from './generate';

const options = {
  seed: 7,
  users: 400,
  products: 200,
  categories: 10,
  paymentClients: 5,
  start: new Date('2026-01-01T00:00:00Z'),
  spanMs: 7 * 86_400_000,
};

function collect(seed: number) {
  const events: CustomerEventInput[] = [];
  const truth = generateTraffic({ ...options, seed }, (e) => events.push(...e));
  return { events, truth };
}

describe('demo traffic', () => {
  it('is reproducible for a seed and different for another', () => {
    expect(collect(7).events).toEqual(collect(7).events);
    expect(collect(8).events).not.toEqual(collect(7).events);
  });

  it('produces only events the contract accepts, inside the window, in time order per user', () => {
    const { events, truth } = collect(7);
    expect(events).toHaveLength(truth.events);
    for (const event of events) {
      const parsed = parseCustomerEventInput(event);
      expect(parsed.ok ? 'ok' : parsed.issues).toBe('ok');
      const t = Date.parse(event.occurred_at);
      expect(t).toBeGreaterThanOrEqual(options.start.getTime());
      expect(t).toBeLessThan(options.start.getTime() + options.spanMs);
    }
    const byAnon = new Map<string, number>();
    for (const event of events) {
      const last = byAnon.get(event.anonymous_id!) ?? 0;
      expect(Date.parse(event.occurred_at)).toBeGreaterThanOrEqual(last);
      byAnon.set(event.anonymous_id!, Date.parse(event.occurred_at));
    }
  });

  it('logs users in before their first order, so anonymous touches can be stitched', () => {
    const { events, truth } = collect(7);
    expect(truth.orders).toBeGreaterThan(20);
    for (const order of events.filter((e) => e.type === 'order_completed')) {
      const identify = events.find(
        (e) => e.type === 'identify' && e.anonymous_id === order.anonymous_id,
      );
      expect(identify && Date.parse(identify.occurred_at) <= Date.parse(order.occurred_at)).toBe(
        true,
      );
    }
  });

  it('gives channels different true effects that show in the converting journeys', () => {
    const { truth } = collect(7);
    const rate = (channel: string) => {
      const entry = truth.touchConversion[channel];
      return entry ? entry.converted / entry.touches : 0;
    };
    // Display reaches the most users but converts least; email reaches few and converts most.
    expect(truth.touchConversion.display!.touches).toBeGreaterThan(
      truth.touchConversion.email!.touches,
    );
    expect(rate('email')).toBeGreaterThan(3 * rate('display'));
  });

  it('generates payments and cancellations in the seed’s CDC shape, cancellations after their payment', () => {
    const { payments, cancels } = generatePaymentTraffic(options);
    expect(payments.length).toBeGreaterThan(10);
    for (const cancel of cancels) {
      const original = payments.find((p) => p.data.id === cancel.data.refId);
      expect(original && original.data.timestamp <= cancel.data.timestamp).toBe(true);
      expect(cancel.data.payment.invoice).toEqual(original?.data.payment.invoice);
    }
  });
});

describe('demo traffic and the case product-category map', () => {
  it('Given the case map, Then no event puts a mapped product in another category', () => {
    const categoryMap = new Map(
      Array.from({ length: options.products }, (_, i) => [
        `product-${i + 1}`,
        `category-${(i % 3) + 1}`,
      ]),
    );
    const events: CustomerEventInput[] = [];
    generateTraffic({ ...options, categoryMap }, (e) => events.push(...e));
    let checked = 0;
    for (const event of events) {
      const properties = event.properties as
        | {
            product_id?: string;
            category_id?: string;
            items?: { product_id: string; category_id?: string }[];
          }
        | undefined;
      const products = [
        ...(properties?.product_id ? [properties] : []),
        ...(properties?.items ?? []),
      ];
      for (const { product_id: id, category_id: category } of products) {
        if (id === undefined || category === undefined) continue;
        expect(category).toBe(categoryMap.get(id));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
