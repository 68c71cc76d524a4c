import type { JourneyEvent } from './journey-event';

/**
 * Code point order, which is UTF-8 byte order: what PostgreSQL's COLLATE "C" gives. JavaScript's
 * `<` compares UTF-16 code units and differs above U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** The one order of events everywhere: occurred_at, then event_id. */
export function compareEvents(
  a: Pick<JourneyEvent, 'occurredAt' | 'eventId'>,
  b: Pick<JourneyEvent, 'occurredAt' | 'eventId'>,
): number {
  const byTime = a.occurredAt.getTime() - b.occurredAt.getTime();
  return byTime !== 0 ? byTime : compareCodePoints(a.eventId, b.eventId);
}
