import { compareCodePoints, compareEvents } from './compare-events';
import { resolveEvents, type IdentityLinks } from './identity-links';
import { toStoredTouchpoint, type JourneyEvent, type StoredTouchpoint } from './journey-event';
import { purchasesOf, uniqueEvents } from './purchases';
import { isTouchpoint, type StitchingPolicy } from './stitching-policy';

export interface NonConvertingPath {
  pathId: string;
  customerId: string;
  windowStart: Date;
  windowEnd: Date;
  touchpoints: StoredTouchpoint[];
  channelPath: string[];
  touchpointCount: number;
}

/** Windows tile time from the Unix epoch in lookback-long steps: [k*L, (k+1)*L). */
export function windowStartOf(at: Date, lookbackMs: number): Date {
  return new Date(Math.floor(at.getTime() / lookbackMs) * lookbackMs);
}

/**
 * A window is swept once no purchase, even one arriving `lateness` late, can still take any of
 * its touchpoints: its last instant's lookback has passed, plus lateness.
 */
export function isWindowSettled(windowEnd: Date, now: Date, policy: StitchingPolicy): boolean {
  return windowEnd.getTime() + policy.lookbackMs + policy.latenessMs <= now.getTime();
}

/**
 * Non-converting paths (README "Non-converting paths"): the touchpoints no purchase of the same
 * customer follows within the lookback, grouped per customer and epoch-aligned window, for the
 * settled windows starting in [from, to).
 */
export function sweepNonConvertingPaths(
  events: readonly JourneyEvent[],
  links: IdentityLinks,
  policy: StitchingPolicy,
  range: { from: Date; to: Date; now: Date },
): NonConvertingPath[] {
  const resolved = resolveEvents(uniqueEvents(events), links);
  const purchases = purchasesOf(resolved).map((p) => p.event);
  const paths = new Map<string, NonConvertingPath>();
  for (const touchpoint of resolved.filter((e) => isTouchpoint(e, policy)).sort(compareEvents)) {
    const at = touchpoint.occurredAt.getTime();
    const converts = purchases.some(
      (p) =>
        p.customerId === touchpoint.customerId &&
        p.occurredAt.getTime() >= at &&
        p.occurredAt.getTime() <= at + policy.lookbackMs,
    );
    const windowStart = windowStartOf(touchpoint.occurredAt, policy.lookbackMs);
    const windowEnd = new Date(windowStart.getTime() + policy.lookbackMs);
    if (converts || windowStart < range.from || windowStart >= range.to) continue;
    if (!isWindowSettled(windowEnd, range.now, policy)) continue;
    const pathId = `n:${touchpoint.customerId}:${windowStart.toISOString()}`;
    const path = paths.get(pathId) ?? {
      pathId,
      customerId: touchpoint.customerId,
      windowStart,
      windowEnd,
      touchpoints: [],
      channelPath: [],
      touchpointCount: 0,
    };
    path.touchpoints.push(toStoredTouchpoint(touchpoint));
    path.channelPath.push(touchpoint.channel);
    path.touchpointCount += 1;
    paths.set(pathId, path);
  }
  return [...paths.values()].sort((a, b) => compareCodePoints(a.pathId, b.pathId));
}
