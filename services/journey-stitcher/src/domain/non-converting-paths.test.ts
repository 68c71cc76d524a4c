import { DAY, at, order, touch } from './fixtures/journey-events';
import { identityLinksOf } from './identity-links';
import type { JourneyEvent } from './journey-event';
import { sweepNonConvertingPaths, windowStartOf } from './non-converting-paths';
import { DEFAULT_STITCHING_POLICY as policy } from './stitching-policy';

const L = policy.lookbackMs;
const EPOCH_WINDOW = windowStartOf(at(0), L).getTime();
const inWindow = (k: number, offsetDays: number) =>
  new Date(EPOCH_WINDOW + k * L + offsetDays * DAY);
const settledAt = (k: number) => new Date(EPOCH_WINDOW + (k + 2) * L + policy.latenessMs);

function sweep(events: JourneyEvent[], now: Date) {
  return sweepNonConvertingPaths(events, identityLinksOf(events), policy, {
    from: new Date(0),
    to: now,
    now,
  }).map((p) => [p.pathId, p.touchpoints.map((t) => t.event_id)]);
}

describe('sweepNonConvertingPaths', () => {
  it('Given touchpoints with no purchase, When their window is settled, Then one path per customer and window holds them in order', () => {
    const events = [touch('b', inWindow(0, 2), 'social'), touch('a', inWindow(0, 1), 'email')];
    expect(sweep(events, settledAt(0))).toEqual([
      [`n:u1:${new Date(EPOCH_WINDOW).toISOString()}`, ['a', 'b']],
    ]);
  });

  it('Given a window one millisecond short of settled, When swept, Then nothing is written yet', () => {
    const events = [touch('a', inWindow(0, 1), 'email')];
    expect(sweep(events, new Date(settledAt(0).getTime() - 1))).toEqual([]);
  });

  it('Given a touchpoint followed by a purchase within the lookback, When swept, Then it is not a non-converting touchpoint', () => {
    const events = [
      touch('converts', inWindow(0, 1), 'email'),
      order('o', new Date(inWindow(0, 1).getTime() + L), 'A'),
      touch('after-order', inWindow(1, 10), 'social'),
    ];
    expect(sweep(events, settledAt(1)).map(([, ids]) => ids)).toEqual([['after-order']]);
  });

  it('Given a touchpoint whose next purchase comes after its lookback, When swept, Then it is a non-converting path', () => {
    const events = [
      touch('expired', inWindow(0, 1), 'email'),
      order('o', new Date(inWindow(0, 1).getTime() + L + 1), 'A'),
    ];
    expect(sweep(events, settledAt(0)).map(([, ids]) => ids)).toEqual([['expired']]);
  });

  it('Given touchpoints in two windows and of two customers, When swept, Then each customer and window gets its own path', () => {
    const events = [
      touch('w0', inWindow(0, 29), 'email'),
      touch('w1', inWindow(1, 0), 'email'),
      touch('other', inWindow(0, 3), 'email', { userId: 'u2' }),
    ];
    expect(sweep(events, settledAt(1)).map(([, ids]) => ids)).toEqual([['w0'], ['w1'], ['other']]);
  });
});
