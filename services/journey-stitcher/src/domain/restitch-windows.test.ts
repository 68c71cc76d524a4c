import { DAY, at, identify, order, touch } from './fixtures/journey-events';
import { identityLinksOf, resolveEvents } from './identity-links';
import type { JourneyEvent } from './journey-event';
import { purchasesOf, uniqueEvents } from './purchases';
import {
  changedJourneys,
  isRestitchTarget,
  restitchScope,
  restitchWindows,
} from './restitch-windows';
import { stitchChanges, type ChangedLink, type TimeSpan } from './stitch-changes';
import { stitchJourneys, type Journey } from './stitch-journeys';
import { DEFAULT_STITCHING_POLICY as policy } from './stitching-policy';

const stitch = (events: JourneyEvent[]) => stitchJourneys(events, identityLinksOf(events), policy);

/** What a re-stitch after `arrived` must rewrite, and whether the windows reach all of it. */
function arrive(known: JourneyEvent[], arrived: JourneyEvent[]) {
  const before = stitch(known);
  const after = stitch([...known, ...arrived]);
  const links = identityLinksOf([...known, ...arrived]);
  const scope = batchScope(known, arrived);
  const targets = purchasesOf(resolveEvents(uniqueEvents([...known, ...arrived]), links)).filter(
    (p) => isRestitchTarget(p, scope, policy.lookbackMs),
  );
  const covered = (j: Journey) => targets.some((p) => p.event.orderId === j.orderId);
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

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random events of a few customers over ~80 days: ties, late receipts, links, direct visits. */
function randomEvents(rnd: () => number, count: number, prefix: string): JourneyEvent[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const u = Math.floor(rnd() * 3);
    const when = at(Math.floor(rnd() * 80 * 2) / 2);
    const who =
      rnd() < 0.4 ? { anonymousId: `a${u}-${Math.floor(rnd() * 2)}` } : { userId: `u${u}` };
    const id = `${prefix}${i}${pick(['B', 'a'])}`;
    const receivedAt = new Date(when.getTime() + (rnd() < 0.2 ? rnd() * 3 * DAY : 0));
    const kind = rnd();
    if (kind < 0.2) return order(id, when, `o-${id}`, who, { receivedAt });
    if (kind < 0.3)
      return identify(id, when, `u${Math.floor(rnd() * 3)}`, `a${u}-${Math.floor(rnd() * 2)}`);
    return touch(id, when, pick(['email', 'social', 'direct']), who, {
      receivedAt,
      type: pick(['ad_click', 'page_view', 'ad_impression']),
    });
  });
}

/** What the adapter derives for a batch: the links it changes, the spans, then the changes. */
function batchChanges(known: JourneyEvent[], arrived: JourneyEvent[]) {
  const fresh = uniqueEvents(arrived).filter((e) => !known.some((k) => k.eventId === e.eventId));
  const before = identityLinksOf(known);
  const after = identityLinksOf([...known, ...fresh]);
  const changedLinks: ChangedLink[] = [...after.values()]
    .filter((l) => before.get(l.anonymousId)?.userId !== l.userId)
    .map((l) => ({
      anonymousId: l.anonymousId,
      userId: l.userId,
      previousUserId: before.get(l.anonymousId)?.userId ?? null,
    }));
  const spans = new Map<string, TimeSpan>();
  for (const e of [...known, ...fresh]) {
    if (e.userId !== null || e.anonymousId === null) continue;
    const span = spans.get(e.anonymousId);
    spans.set(e.anonymousId, {
      first: span && span.first < e.occurredAt ? span.first : e.occurredAt,
      last: span && span.last > e.occurredAt ? span.last : e.occurredAt,
    });
  }
  const links = new Map([...after.values()].map((l) => [l.anonymousId, l.userId]));
  return stitchChanges(fresh, links, changedLinks, spans, policy);
}

const batchScope = (known: JourneyEvent[], arrived: JourneyEvent[]) =>
  restitchScope(batchChanges(known, arrived), policy.lookbackMs);

describe('isRestitchTarget', () => {
  it('Given random histories and batches, When the narrowed scope is applied, Then it covers every journey whose content changes', () => {
    let changedTotal = 0;
    let narrowed = 0;
    let wide = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const rnd = random(seed);
      const known = randomEvents(rnd, 5 + Math.floor(rnd() * 40), 'k');
      const arrived = [
        ...randomEvents(rnd, 1 + Math.floor(rnd() * 8), 'n'),
        ...known.filter(() => rnd() < 0.1),
      ];
      const links = identityLinksOf([...known, ...arrived]);
      const changed = changedJourneys(stitch(known), stitch([...known, ...arrived]));
      const scope = batchScope(known, arrived);
      const purchases = purchasesOf(resolveEvents(uniqueEvents([...known, ...arrived]), links));
      const targets = new Set(
        purchases
          .filter((p) => isRestitchTarget(p, scope, policy.lookbackMs))
          .map((p) => p.event.orderId),
      );
      expect(changed.filter((j) => !targets.has(j.orderId)).map((j) => j.orderId)).toEqual([]);
      changedTotal += changed.length;
      narrowed += targets.size;
      // The previous scope: every change re-stitched every purchase in [t, t + lookback].
      const wideScope = restitchScope(
        batchChanges(known, arrived).map((c) => ({ ...c, kind: 'any' as const })),
        policy.lookbackMs,
      );
      wide += purchases.filter((p) => isRestitchTarget(p, wideScope, policy.lookbackMs)).length;
    }
    expect(changedTotal).toBeGreaterThan(100);
    expect(narrowed).toBeLessThan(wide);
  });

  it('Given two purchases, When a touchpoint arrives before the first, Then only the first is a target', () => {
    const purchases = purchasesOf(
      resolveEvents([order('p1', at(5), 'A'), order('p2', at(6), 'B')], new Map()),
    );
    const scope = { windows: [], touches: [{ customerId: 'u1', at: at(4) }] };
    expect(
      purchases
        .filter((p) => isRestitchTarget(p, scope, policy.lookbackMs))
        .map((p) => p.event.orderId),
    ).toEqual(['A']);
  });

  it('Given a touchpoint at a purchase instant tied with a second purchase, When targeted, Then only the first of the tie is', () => {
    const purchases = purchasesOf(
      resolveEvents([order('p2', at(5), 'B'), order('p1', at(5), 'A')], new Map()),
    );
    const scope = { windows: [], touches: [{ customerId: 'u1', at: at(5) }] };
    expect(
      purchases
        .filter((p) => isRestitchTarget(p, scope, policy.lookbackMs))
        .map((p) => p.event.orderId),
    ).toEqual(['A']);
  });

  it('Given a purchase beyond the lookback of a touchpoint, When targeted, Then it is not', () => {
    const purchases = purchasesOf(resolveEvents([order('p1', at(31), 'A')], new Map()));
    const scope = { windows: [], touches: [{ customerId: 'u1', at: at(0.5) }] };
    expect(purchases.filter((p) => isRestitchTarget(p, scope, policy.lookbackMs))).toEqual([]);
  });
});
