import { DEFAULT_CHANNEL_RULES } from '@tributary/channel-grouping';
import { segmentVisit } from './fixtures/segment-calls';
import { fromSegment, occurredAt, takeInSegment } from './segment';
import { takeIn } from './take-in';

const rules = {
  channelRules: DEFAULT_CHANNEL_RULES,
  ownHosts: ['example.com'],
  maxFutureSkewMs: 300_000,
};
const now = new Date('2026-03-01T10:00:00.000Z');
const ids = { user: 'u-1', anon: 'anon-1', oldAnon: 'anon-0', prefix: 't', order: 'o-1' };
const visit = segmentVisit(now, ids);
const batchOf = (body: Record<string, unknown>) => body.batch as Record<string, unknown>[];

/** What downstream compares: everything but the ids the two producers chose. */
const comparable = (events: { event_id: string; properties?: Record<string, unknown> }[]) =>
  events.map(({ event_id: _id, properties, ...rest }) => {
    const { product_id, category_id, price, quantity, order_id, revenue, currency, items } =
      properties ?? {};
    return {
      ...rest,
      properties: { product_id, category_id, price, quantity, order_id, revenue, currency, items },
    };
  });

describe('Segment calls onto the event contract', () => {
  it('Given the calls analytics.js and a server library send for a visit, When taken in, Then the events equal the native ones', () => {
    const page = takeInSegment([visit.browserPage], { call: 'page' }, rules, now);
    const browser = takeInSegment(
      batchOf(visit.browserBatch),
      { sentAt: visit.browserBatch.sentAt },
      rules,
      now,
    );
    const server = takeInSegment(
      batchOf(visit.serverBatch),
      { context: visit.serverBatch.context, sentAt: visit.serverBatch.sentAt },
      rules,
      now,
    );
    for (const outcome of [page, browser, server]) {
      expect(outcome.results.every((r) => r.status === 'accepted')).toBe(true);
    }
    const fromSegmentCalls = [...page.accepted, ...browser.accepted, ...server.accepted];
    const native = takeIn(visit.native, rules, now);
    expect(native.results.every((r) => r.status === 'accepted')).toBe(true);
    // Server calls carry no platform (the library does not say where the customer was).
    const nativeWithout = native.accepted.map((e, i) =>
      i >= 4 ? e : { ...e, platform: 'web' as const },
    );
    expect(comparable(fromSegmentCalls)).toEqual(comparable(nativeWithout));
    expect(fromSegmentCalls.map((e) => e.event_id)).toEqual([
      'ajs-next-t-page-30',
      'ajs-next-t-track-25',
      'ajs-next-t-track-24',
      'ajs-next-t-identify-20',
      'node-next-t-order',
      'node-next-t-alias',
    ]);
    expect(fromSegmentCalls.map((e) => e.channel)).toEqual([
      'paid_search',
      'direct',
      'direct',
      'direct',
      'direct',
      'direct',
    ]);
  });

  it('Given Order Completed per the e-commerce spec, Then it is an order with items, revenue and an upper-case currency', () => {
    const mapped = fromSegment(batchOf(visit.serverBatch)[0], {}, now);
    expect(mapped).toMatchObject({
      ok: true,
      event: {
        type: 'order_completed',
        user_id: 'u-1',
        properties: {
          order_id: 'o-1',
          revenue: '37.98',
          currency: 'TRY',
          items: [
            { product_id: 't-507f1f77', quantity: 2, price: 18.99, category_id: 'Board_Games' },
          ],
          // The other spec fields travel along as free-form properties.
          total: '41.48',
          shipping: 3.5,
        },
      },
    });
  });

  it('Given an order with total but no revenue, a product with only a sku and no quantity, Then total, sku and 1 stand in', () => {
    const mapped = fromSegment(
      {
        type: 'track',
        event: 'Order Completed',
        messageId: 'm1',
        userId: 'u',
        properties: {
          order_id: 'o',
          total: 10,
          currency: 'EUR',
          products: [{ sku: 'S-1', price: '10' }],
        },
      },
      {},
      now,
    );
    expect(mapped.ok && mapped.event.properties).toMatchObject({
      revenue: 10,
      items: [{ product_id: 'S-1', quantity: 1, price: '10' }],
    });
  });

  it('Given identify and alias, Then each becomes the identify event that links the anonymous id to the user', () => {
    expect(
      fromSegment({ type: 'alias', previousId: 'old', userId: 'u', messageId: 'a1' }, {}, now),
    ).toMatchObject({ ok: true, event: { type: 'identify', user_id: 'u', anonymous_id: 'old' } });
    expect(fromSegment({ type: 'identify', userId: 'u', messageId: 'i1' }, {}, now)).toEqual({
      ok: false,
      event_id: 'i1',
      errors: [
        {
          path: '/anonymousId',
          message:
            'identify needs userId and anonymousId: the contract keeps the link between them, not traits',
        },
      ],
    });
  });

  it('Given calls the contract has no place for, Then each is rejected with its reason and the rest of the batch is kept', () => {
    const outcome = takeInSegment(
      [
        { type: 'track', event: 'Song Played', messageId: 's1', userId: 'u' },
        { type: 'group', groupId: 'g', messageId: 'g1', userId: 'u' },
        { type: 'page', userId: 'u' },
        {
          type: 'track',
          event: 'Order Completed',
          messageId: 'o1',
          userId: 'u',
          properties: { order_id: 'o', revenue: 5 },
        },
        batchOf(visit.serverBatch)[1],
      ],
      {},
      rules,
      now,
    );
    expect(outcome.results.map((r) => [r.index, r.status, r.event_id])).toEqual([
      [0, 'rejected', 's1'],
      [1, 'rejected', 'g1'],
      [2, 'rejected', undefined],
      [3, 'rejected', 'o1'],
      [4, 'accepted', 'node-next-t-alias'],
    ]);
    expect([...outcome.codes]).toEqual([
      [0, 'SEGMENT_NOT_MAPPED'],
      [1, 'SEGMENT_NOT_MAPPED'],
      [2, 'SEGMENT_NOT_MAPPED'],
      [3, 'INVALID_EVENT'],
    ]);
    const errors = (i: number) => {
      const r = outcome.results[i];
      return r?.status === 'rejected' ? r.errors : [];
    };
    expect(errors(0)[0]?.message).toMatch(/"Song Played" has no counterpart.*Product Viewed/);
    expect(errors(2)).toEqual([{ path: '/messageId', message: 'messageId is required' }]);
    expect(errors(3).map((e) => e.path)).toContain('/properties/currency');
  });

  it('Given a device clock 1 hour behind, When sentAt says so, Then the event time is corrected as Segment does', () => {
    const device = (m: number) => new Date(now.getTime() - 3_600_000 - m * 60_000).toISOString();
    expect(occurredAt({ timestamp: device(5), sentAt: device(0) }, undefined, now)).toBe(
      '2026-03-01T09:55:00.000Z',
    );
    expect(occurredAt({ timestamp: device(5) }, device(0), now)).toBe('2026-03-01T09:55:00.000Z');
    expect(occurredAt({ timestamp: '2026-03-01T09:00:00Z' }, undefined, now)).toBe(
      '2026-03-01T09:00:00.000Z',
    );
    expect(occurredAt({}, undefined, now)).toBe(now.toISOString());
    expect(occurredAt({ timestamp: 'yesterday' }, undefined, now)).toBe('yesterday');
  });
});
