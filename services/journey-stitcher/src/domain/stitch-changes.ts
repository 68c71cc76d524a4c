import type { JourneyEvent } from './journey-event';
import type { CustomerChange } from './restitch-windows';
import { isPurchase, isTouchpoint, type StitchingPolicy } from './stitching-policy';

export interface ChangedLink {
  anonymousId: string;
  userId: string;
  /** The user the anonymous id resolved to before; null when it was not linked. */
  previousUserId: string | null;
}

export interface TimeSpan {
  first: Date;
  last: Date;
}

/**
 * What a batch changes, as (customer, instant) pairs for restitchScope: each new touchpoint
 * (kind `touchpoint`) and purchase (`any`) under its current customer, and for each changed link
 * the whole stored span of that anonymous id under the new user and under the customer it used to
 * resolve to (who loses those events). Other new events (identify, direct visits, impressions)
 * are in no journey, so they change none; their links arrive as changedLinks.
 */
export function stitchChanges(
  fresh: readonly JourneyEvent[],
  links: ReadonlyMap<string, string>,
  changedLinks: readonly ChangedLink[],
  anonymousSpans: ReadonlyMap<string, TimeSpan>,
  policy: StitchingPolicy,
): CustomerChange[] {
  const changes: CustomerChange[] = [];
  for (const event of fresh) {
    const touchpoint = isTouchpoint(event, policy);
    if (!touchpoint && !isPurchase(event)) continue;
    changes.push({
      customerId:
        event.userId ??
        (event.anonymousId === null ? undefined : links.get(event.anonymousId)) ??
        event.anonymousId ??
        event.eventId,
      occurredAt: event.occurredAt,
      kind: touchpoint ? 'touchpoint' : 'any',
    });
  }
  for (const link of changedLinks) {
    const span = anonymousSpans.get(link.anonymousId);
    if (!span) continue;
    for (const customerId of [link.userId, link.previousUserId ?? link.anonymousId]) {
      changes.push({ customerId, occurredAt: span.first }, { customerId, occurredAt: span.last });
    }
  }
  return changes;
}
