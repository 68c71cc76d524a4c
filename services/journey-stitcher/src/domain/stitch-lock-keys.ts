import type { IdentityLink } from './identity-links';
import type { JourneyEvent } from './journey-event';

/**
 * The customer keys a batch must lock before it changes identity links or re-stitches, given the
 * links stored now (anonymous id -> user). An anonymous id's events move between customers only
 * through a link change, so the keys are: each new event's resolved customer; and for each link
 * the batch carries, the anonymous id itself (every writer of that id's link takes it, so link
 * changes of one id run one at a time), the new user, and the customer the id resolves to now
 * (who loses its events if the link wins).
 */
export function stitchLockKeys(
  fresh: readonly JourneyEvent[],
  batchLinks: readonly IdentityLink[],
  storedLinks: ReadonlyMap<string, string>,
): Set<string> {
  const keys = new Set<string>();
  for (const event of fresh) {
    const customer =
      event.userId ??
      (event.anonymousId === null ? undefined : storedLinks.get(event.anonymousId)) ??
      event.anonymousId ??
      event.eventId;
    keys.add(customer);
  }
  for (const link of batchLinks) {
    keys.add(link.anonymousId);
    keys.add(link.userId);
    keys.add(storedLinks.get(link.anonymousId) ?? link.anonymousId);
  }
  return keys;
}
