import { compareCodePoints } from './compare-events';
import type { JourneyEvent, ResolvedEvent } from './journey-event';

export interface IdentityLink {
  anonymousId: string;
  userId: string;
  linkedAt: Date;
}

export type IdentityLinks = ReadonlyMap<string, IdentityLink>;

/** Any event carrying both ids (identify, a login page view, an order) links them. */
export function identityLinkOf(event: JourneyEvent): IdentityLink | null {
  if (event.userId === null || event.anonymousId === null) return null;
  return { anonymousId: event.anonymousId, userId: event.userId, linkedAt: event.occurredAt };
}

function earlier(a: IdentityLink, b: IdentityLink): boolean {
  const byTime = a.linkedAt.getTime() - b.linkedAt.getTime();
  return byTime !== 0 ? byTime < 0 : compareCodePoints(a.userId, b.userId) < 0;
}

/**
 * The earliest link of an anonymous id wins (ties by user id), so the result does not depend on
 * arrival order. Returns the same map when nothing changes.
 */
export function addIdentityLink(links: IdentityLinks, link: IdentityLink): IdentityLinks {
  const current = links.get(link.anonymousId);
  if (current && !earlier(link, current)) return links;
  return new Map(links).set(link.anonymousId, link);
}

export function identityLinksOf(events: readonly JourneyEvent[]): IdentityLinks {
  let links: IdentityLinks = new Map();
  for (const event of events) {
    const link = identityLinkOf(event);
    if (link) links = addIdentityLink(links, link);
  }
  return links;
}

/** An explicit user id wins; else the linked user; else the anonymous id itself. */
export function resolveCustomerId(event: JourneyEvent, links: IdentityLinks): string {
  if (event.userId !== null) return event.userId;
  if (event.anonymousId === null) throw new Error(`event ${event.eventId} has no customer id`);
  return links.get(event.anonymousId)?.userId ?? event.anonymousId;
}

export function resolveEvents(
  events: readonly JourneyEvent[],
  links: IdentityLinks,
): ResolvedEvent[] {
  return events.map((event) => ({ ...event, customerId: resolveCustomerId(event, links) }));
}
