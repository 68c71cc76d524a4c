import { DAY, at, identify, order, touch } from './fixtures/journey-events';
import { identityLinksOf, resolveEvents } from './identity-links';
import type { JourneyEvent } from './journey-event';
import { changedJourneys, restitchWindows } from './restitch-windows';
import { stitchJourneys, type Journey } from './stitch-journeys';
import { DEFAULT_STITCHING_POLICY as policy } from './stitching-policy';

const stitch = (events: JourneyEvent[]) => stitchJourneys(events, identityLinksOf(events), policy);

/** What a re-stitch after `arrived` must rewrite, and whether the windows reach all of it. */
function arrive(known: JourneyEvent[], arrived: JourneyEvent[]) {
  const before = stitch(known);
  const after = stitch([...known, ...arrived]);
  const links = identityLinksOf([...known, ...arrived]);
  const windows = restitchWindows(resolveEvents(arrived, links), policy.lookbackMs);
  const covered = (j: Journey) =>
    windows.some(
      (w) => w.customerId === j.customerId && w.from <= j.convertedAt && j.convertedAt <= w.to,
    );
  const changed = changedJourneys(before, after);
  return {
    changed: changed.map((j) => j.orderId).sort(),
    uncovered: changed.filter((j) => !covered(j)),
  };
}

describe('re-stitching after late events', () => {
  const history = [
    touch('t1', at(1), 'email'),
    order('o1', at(2), 'A'),
    touch('t2', at(3), 'social'),
    order('o2', at(10), 'B'),
    order('o3', at(50), 'C'),
  ];

  it('Given stitched orders, When a late touchpoint arrives, Then only the first purchase after it changes', () => {
    expect(arrive(history, [touch('late', at(5), 'display')])).toEqual({
      changed: ['B'],
      uncovered: [],
    });
  });

  it('Given stitched orders, When a late touchpoint falls outside every lookback, Then no journey changes', () => {
    expect(arrive(history, [touch('late', at(15), 'display')])).toEqual({
      changed: [],
      uncovered: [],
    });
  });

  it('Given stitched orders, When a late purchase arrives between them, Then it and the next purchase change', () => {
    expect(arrive(history, [order('late', at(3.5), 'L')])).toEqual({
      changed: ['B', 'L'],
      uncovered: [],
    });
  });

  it('Given stitched orders, When a late purchase precedes the next one by more than the lookback, Then the next is unchanged', () => {
    expect(arrive(history, [order('late', at(12), 'L')])).toEqual({
      changed: ['L'],
      uncovered: [],
    });
  });

  it('Given a purchase stored before its touchpoints, When they arrive, Then its journey changes to include them', () => {
    const purchase = order('o', at(5), 'A');
    expect(arrive([purchase], [touch('t', at(4), 'email'), touch('u', at(4.5), 'social')])).toEqual(
      {
        changed: ['A'],
        uncovered: [],
      },
    );
  });

  it('Given stitched journeys, When the same events are delivered again, Then nothing changes', () => {
    expect(arrive(history, history)).toEqual({ changed: [], uncovered: [] });
  });

  it('Given anonymous touchpoints and a stitched order, When the identify arrives late, Then the order is re-stitched with them', () => {
    const anonTouch = touch('a1', at(3), 'display', { anonymousId: 'anon' });
    const known = [anonTouch, order('o', at(4), 'A')];
    const link = identify('i', at(6), 'u1', 'anon');
    const before = stitch(known);
    const after = stitch([...known, link]);
    expect(changedJourneys(before, after).map((j) => j.touchpoints.map((t) => t.event_id))).toEqual(
      [['a1']],
    );
    // The adapter passes the re-resolved anonymous events as changes of the user.
    const windows = restitchWindows(
      resolveEvents([anonTouch], identityLinksOf([link])),
      policy.lookbackMs,
    );
    expect(windows).toEqual([
      { customerId: 'u1', from: at(3), to: new Date(at(3).getTime() + 30 * DAY) },
    ]);
  });
});

describe('restitchWindows', () => {
  it('Given several changes of one customer, When windows are built, Then one window spans them plus the lookback', () => {
    const windows = restitchWindows(
      [
        { customerId: 'u1', occurredAt: at(7) },
        { customerId: 'u2', occurredAt: at(1) },
        { customerId: 'u1', occurredAt: at(2) },
      ],
      DAY,
    );
    expect(windows).toEqual([
      { customerId: 'u1', from: at(2), to: at(8) },
      { customerId: 'u2', from: at(1), to: at(2) },
    ]);
  });
});
