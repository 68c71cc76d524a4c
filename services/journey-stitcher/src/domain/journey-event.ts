/** The fields of a raw event that stitching reads, as stored in `raw_events`. */
export interface JourneyEvent {
  eventId: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  userId: string | null;
  anonymousId: string | null;
  channel: string;
  campaign: string | null;
  orderId: string | null;
  /** Exact decimal text, as PostgreSQL numeric renders it; never a binary float. */
  revenue: string | null;
  currency: string | null;
}

/** A journey event whose customer is known: identity links already applied. */
export interface ResolvedEvent extends JourneyEvent {
  customerId: string;
}

/** One touchpoint as stored in the `touchpoints` jsonb columns (hence snake_case keys). */
export interface StoredTouchpoint {
  channel: string;
  campaign: string | null;
  type: string;
  occurred_at: string;
  event_id: string;
}

export function toStoredTouchpoint(event: JourneyEvent): StoredTouchpoint {
  return {
    channel: event.channel,
    campaign: event.campaign,
    type: event.type,
    occurred_at: event.occurredAt.toISOString(),
    event_id: event.eventId,
  };
}
