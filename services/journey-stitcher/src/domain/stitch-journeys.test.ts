import { DAY, T0, at, identify, order, touch } from './fixtures/journey-events';
import { identityLinksOf } from './identity-links';
import type { JourneyEvent } from './journey-event';
import { stitchJourneys, type Journey } from './stitch-journeys';
import { DEFAULT_STITCHING_POLICY as policy } from './stitching-policy';

function stitch(events: JourneyEvent[]): Journey[] {
  return stitchJourneys(events, identityLinksOf(events), policy);
}

function journeyOf(events: JourneyEvent[], orderId: string): Journey {
  const journey = stitch(events).find((j) => j.orderId === orderId);
  if (!journey) throw new Error(`no journey for ${orderId}`);
  return journey;
}

const ids = (journey: Journey) => journey.touchpoints.map((t) => t.event_id);

describe('stitchJourneys', () => {
  it('Given touchpoints before an order, When stitched, Then the journey holds them in time order with its summary', () => {
    const journey = journeyOf(
      [touch('t2', at(2), 'email'), touch('t1', at(1), 'paid_search'), order('o', at(3), 'A')],
      'A',
    );
    expect(journey).toEqual({
      journeyId: 'j:A',
      customerId: 'u1',
      orderId: 'A',
      convertedAt: at(3),
      revenue: '100.10',
      currency: 'EUR',
      touchpoints: [
        {
          channel: 'paid_search',
          campaign: null,
          type: 'ad_click',
          occurred_at: at(1).toISOString(),
          event_id: 't1',
        },
        {
          channel: 'email',
          campaign: null,
          type: 'ad_click',
          occurred_at: at(2).toISOString(),
          event_id: 't2',
        },
      ],
      channelPath: ['paid_search', 'email'],
      touchpointCount: 2,
      firstTouchAt: at(1),
      lastTouchAt: at(2),
    });
  });

  it('Given touchpoints exactly 30 days and 30 days plus 1 ms before the order, When stitched, Then only the first is inside', () => {
    const converted = at(40);
    const journey = journeyOf(
      [
        touch('edge', new Date(converted.getTime() - 30 * DAY), 'email'),
        touch('outside', new Date(converted.getTime() - 30 * DAY - 1), 'email'),
        touch('same-instant', converted, 'social'),
        order('o', converted, 'A'),
      ],
      'A',
    );
    expect(ids(journey)).toEqual(['edge', 'same-instant']);
  });

  it('Given a touchpoint at the previous purchase instant and one just after, When stitched, Then the first belongs to the earlier order only', () => {
    const journeys = stitch([
      touch('at-first', at(5), 'email'),
      order('o1', at(5), 'A'),
      touch('after-first', new Date(at(5).getTime() + 1), 'social'),
      order('o2', at(9), 'B'),
    ]);
    expect(journeys.map((j) => [j.orderId, ids(j)])).toEqual([
      ['A', ['at-first']],
      ['B', ['after-first']],
    ]);
  });

  it('Given two touchpoints at the same instant, When stitched, Then they are ordered by event id in byte order', () => {
    const same = at(1);
    const journey = journeyOf(
      [touch('b', same, 'x'), touch('B', same, 'y'), touch('a', same, 'z'), order('o', at(2), 'A')],
      'A',
    );
    expect(ids(journey)).toEqual(['B', 'a', 'b']);
  });

  it('Given anonymous touchpoints and a later identify, When stitched, Then they join the user and the order', () => {
    const anon = { anonymousId: 'anon-1' };
    const journey = journeyOf(
      [
        touch('t1', at(1), 'display', anon),
        identify('i', at(2), 'u1', 'anon-1'),
        touch('t2', at(3), 'email', anon),
        touch('other', at(3), 'email', { anonymousId: 'anon-2' }),
        order('o', at(4), 'A'),
      ],
      'A',
    );
    expect([journey.customerId, ids(journey)]).toEqual(['u1', ['t1', 't2']]);
  });

  it('Given an anonymous order never linked, When stitched, Then its customer is the anonymous id', () => {
    const anon = { anonymousId: 'anon-9' };
    const journey = journeyOf(
      [touch('t', at(1), 'social', anon), order('o', at(2), 'A', anon)],
      'A',
    );
    expect([journey.customerId, ids(journey)]).toEqual(['anon-9', ['t']]);
  });

  it('Given an order with no touchpoint, When stitched, Then it still has a journey row with an empty path', () => {
    const journey = journeyOf([order('o', at(1), 'A')], 'A');
    expect(journey).toMatchObject({
      touchpointCount: 0,
      channelPath: [],
      firstTouchAt: null,
      lastTouchAt: null,
    });
  });

  it('Given direct visits, other customers and non-touchpoint types, When stitched, Then none of them join', () => {
    const journey = journeyOf(
      [
        touch('direct-visit', at(1), 'direct', { userId: 'u1' }, { type: 'page_view' }),
        touch('visit', at(1), 'organic_search', { userId: 'u1' }, { type: 'session_start' }),
        touch('impression', at(1), 'display', { userId: 'u1' }, { type: 'ad_impression' }),
        touch('someone-else', at(1), 'email', { userId: 'u2' }),
        order('o', at(2), 'A'),
      ],
      'A',
    );
    expect(ids(journey)).toEqual(['visit']);
  });

  it('Given redelivered events and a second event for the same order, When stitched, Then nothing is counted twice', () => {
    const events = [
      touch('t', at(1), 'email'),
      order('o', at(2), 'A'),
      order('o-again', at(3), 'A'),
    ];
    const journeys = stitch([...events, ...events]);
    expect(journeys.map((j) => [j.orderId, j.convertedAt, ids(j)])).toEqual([['A', at(2), ['t']]]);
  });

  it('Given a touchpoint received later than the purchase plus lateness, When stitched, Then it is left out', () => {
    const converted = at(10);
    const lateness = policy.latenessMs;
    const journey = journeyOf(
      [
        touch(
          'in-time',
          at(9),
          'email',
          { userId: 'u1' },
          { receivedAt: new Date(converted.getTime() + lateness) },
        ),
        touch(
          'too-late',
          at(9),
          'social',
          { userId: 'u1' },
          { receivedAt: new Date(converted.getTime() + lateness + 1) },
        ),
        order('o', converted, 'A'),
      ],
      'A',
    );
    expect(ids(journey)).toEqual(['in-time']);
  });

  it('Given the purchase arrives before its touchpoints, When stitched again with them, Then the result equals in-order arrival', () => {
    const purchase = order('o', at(5), 'A', { userId: 'u1' }, { receivedAt: at(5) });
    const late = touch(
      't',
      at(4),
      'email',
      { userId: 'u1' },
      { receivedAt: new Date(T0 + 5.5 * DAY) },
    );
    expect(stitch([purchase, late])).toEqual(stitch([late, purchase]));
    expect(ids(journeyOf([purchase, late], 'A'))).toEqual(['t']);
  });
});
