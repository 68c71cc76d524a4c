import type { ItemResult, RejectionCode } from '@tributary/event-intake';
import { BAD_EVENT_SCHEMA, type BadEvent } from '@tributary/kafka';

export const PROCESSOR = 'ingest-gateway';

export interface RejectedItems {
  /** The route the items came through, e.g. `/v1/track`. */
  route: string;
  items: readonly unknown[];
  results: readonly ItemResult[];
  /** Why each rejected index was refused (default INVALID_EVENT). */
  codes?: ReadonlyMap<number, RejectionCode>;
  /** The request that sends one item again through the gateway, once the cause is fixed. */
  replayOf: (item: unknown, index: number) => { route: string; body: unknown };
  now: Date;
}

const MESSAGES: Record<RejectionCode, string> = {
  INVALID_EVENT: 'the event breaks the event contract',
  SEGMENT_NOT_MAPPED: 'the Segment call has no counterpart in the event contract',
};

/** Each rejected item as a bad event: the item as received, the findings, the way back. */
export function badEventsOf(rejected: RejectedItems): BadEvent[] {
  const failedAt = rejected.now.toISOString();
  const source = `${PROCESSOR} ${rejected.route}`;
  return rejected.results.flatMap((result): BadEvent[] => {
    if (result.status !== 'rejected') return [];
    const code = rejected.codes?.get(result.index) ?? 'INVALID_EVENT';
    const item = rejected.items[result.index];
    return [
      {
        schema: BAD_EVENT_SCHEMA,
        source,
        processor: PROCESSOR,
        reason: { code, message: MESSAGES[code] },
        errors: result.errors,
        ...(result.event_id === undefined ? {} : { event_id: result.event_id }),
        failed_at: failedAt,
        payload: item,
        replay: { via: 'http', ...rejected.replayOf(item, result.index) },
      },
    ];
  });
}
