import type { JourneyEvent } from './journey-event';
import { stitchChanges } from './stitch-changes';
import { DEFAULT_STITCHING_POLICY as policy } from './stitching-policy';

const at = (iso: string) => new Date(iso);
function event(over: Partial<JourneyEvent>): JourneyEvent {
  return {
    eventId: 'e1',
    type: 'ad_click',
    occurredAt: at('2025-01-10T00:00:00Z'),
    receivedAt: at('2025-01-10T00:00:00Z'),
    userId: null,
    anonymousId: null,
    channel: 'paid_search',
    campaign: null,
    orderId: null,
    revenue: null,
    currency: null,
    ...over,
  };
}

describe('stitchChanges', () => {
  it('puts a new event under its user, else its linked user, else its anonymous id', () => {
    const changes = stitchChanges(
      [
        event({ userId: 'u1', anonymousId: 'a9' }),
        event({ anonymousId: 'a1' }),
        event({ anonymousId: 'a2' }),
      ],
      new Map([['a1', 'u7']]),
      [],
      new Map(),
      policy,
    );
    expect(changes.map((c) => c.customerId)).toEqual(['u1', 'u7', 'a2']);
    expect(changes.map((c) => c.kind)).toEqual(['touchpoint', 'touchpoint', 'touchpoint']);
  });

  it('marks purchases as reaching their window and drops events that are in no journey', () => {
    const changes = stitchChanges(
      [
        event({
          userId: 'u1',
          type: 'order_completed',
          orderId: 'o1',
          revenue: '1',
          currency: 'EUR',
        }),
        event({ userId: 'u1', channel: 'direct' }),
        event({ userId: 'u1', type: 'identify', anonymousId: 'a1' }),
      ],
      new Map(),
      [],
      new Map(),
      policy,
    );
    expect(changes).toEqual([
      { customerId: 'u1', occurredAt: at('2025-01-10T00:00:00Z'), kind: 'any' },
    ]);
  });

  it('re-stitches a newly linked anonymous span under the new user and the one it left', () => {
    const span = { first: at('2025-01-01T00:00:00Z'), last: at('2025-01-05T00:00:00Z') };
    const changes = stitchChanges(
      [],
      new Map(),
      [
        { anonymousId: 'a1', userId: 'u1', previousUserId: null },
        { anonymousId: 'a2', userId: 'u2', previousUserId: 'u3' },
        { anonymousId: 'a3', userId: 'u4', previousUserId: null },
      ],
      new Map([
        ['a1', span],
        ['a2', span],
      ]),
      policy,
    );
    expect(changes).toEqual([
      { customerId: 'u1', occurredAt: span.first },
      { customerId: 'u1', occurredAt: span.last },
      { customerId: 'a1', occurredAt: span.first },
      { customerId: 'a1', occurredAt: span.last },
      { customerId: 'u2', occurredAt: span.first },
      { customerId: 'u2', occurredAt: span.last },
      { customerId: 'u3', occurredAt: span.first },
      { customerId: 'u3', occurredAt: span.last },
    ]);
  });
});
