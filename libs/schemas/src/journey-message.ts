import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, type Validated } from './validation';

const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

/** One touchpoint of a journey, in time order (ties by occurred_at, then event_id). */
export const JourneyTouchpoint = Type.Object(
  {
    channel: Type.String({ minLength: 1 }),
    campaign: Type.Union([Type.String(), Type.Null()]),
    type: Type.String({ minLength: 1 }),
    occurred_at: Instant,
    event_id: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type JourneyTouchpoint = Static<typeof JourneyTouchpoint>;

/**
 * `journeys`: one message per stitched or re-stitched journey, published by journey-stitcher
 * after the customer_journeys row is committed, keyed by customer_id. Delivery is at least once
 * and a re-stitch publishes a higher version, so consumers keep the highest version per
 * journey_id and drop a (journey_id, version) they have seen.
 */
export const JourneyMessage = Type.Object(
  {
    journey_id: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1 }),
    customer_id: Type.String({ minLength: 1 }),
    order_id: Type.String({ minLength: 1 }),
    converted_at: Instant,
    /** Exact decimal text (never a binary float), in `currency`. */
    revenue: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    touchpoints: Type.Array(JourneyTouchpoint),
    channel_path: Type.Array(Type.String()),
    touchpoint_count: Type.Integer({ minimum: 0 }),
    first_touch_at: NullableInstant,
    last_touch_at: NullableInstant,
    stitched_at: Instant,
  },
  { additionalProperties: false },
);
export type JourneyMessage = Static<typeof JourneyMessage>;

export const JOURNEYS_TOPIC = 'journeys';

const journeyMessageValidator = compileValidator(JourneyMessage);

/** Validates a decoded `journeys` message (what a consumer of the topic checks at its edge). */
export function parseJourneyMessage(input: unknown): Validated<JourneyMessage> {
  return journeyMessageValidator.check(input);
}
