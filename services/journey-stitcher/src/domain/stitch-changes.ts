import type { JourneyEvent } from './journey-event';
import type { CustomerChange } from './restitch-windows';

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
 * What a batch changes, as (customer, instant) pairs for restitchWindows: each new event under
 * its current customer, and for each changed link the whole stored span of that anonymous id
 * under the new user and under the customer it used to resolve to (who loses those events).
 */
export function stitchChanges(
  fresh: readonly JourneyEvent[],
  links: ReadonlyMap<string, string>,
  changedLinks: readonly ChangedLink[],
  anonymousSpans: ReadonlyMap<string, TimeSpan>,
): CustomerChange[] {
  const changes: CustomerChange[] = fresh.map((event) => ({
    customerId:
      event.userId ??
      (event.anonymousId === null ? undefined : links.get(event.anonymousId)) ??
      event.anonymousId ??
      event.eventId,
    occurredAt: event.occurredAt,
  }));
  for (const link of changedLinks) {
    const span = anonymousSpans.get(link.anonymousId);
    if (!span) continue;
    for (const customerId of [link.userId, link.previousUserId ?? link.anonymousId]) {
      changes.push({ customerId, occurredAt: span.first }, { customerId, occurredAt: span.last });
    }
  }
  return changes;
}
