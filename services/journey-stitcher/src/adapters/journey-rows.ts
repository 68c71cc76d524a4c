import type { JourneyMessage } from '@tributary/schemas';
import type { StoredTouchpoint } from '../domain/journey-event';

/** A customer_journeys row as the journey statements return it (revenue as exact text). */
export interface JourneyRow {
  journey_id: string;
  customer_id: string;
  order_id: string;
  converted_at: Date;
  revenue: string;
  currency: string;
  touchpoints: StoredTouchpoint[];
  channel_path: string[];
  touchpoint_count: number;
  first_touch_at: Date | null;
  last_touch_at: Date | null;
  stitched_at: Date;
  version: number;
}

/** The select list giving a JourneyRow from customer_journeys under `alias`. */
export function journeyColumns(alias: string): string {
  const columns = [
    'journey_id',
    'customer_id',
    'order_id',
    'converted_at',
    'currency',
    'touchpoints',
    'channel_path',
    'touchpoint_count',
    'first_touch_at',
    'last_touch_at',
    'stitched_at',
    'version',
  ];
  return [...columns.map((c) => `${alias}.${c}`), `${alias}.revenue::text AS revenue`].join(', ');
}

export function toJourneyMessage(row: JourneyRow): JourneyMessage {
  return {
    journey_id: row.journey_id,
    version: row.version,
    customer_id: row.customer_id,
    order_id: row.order_id,
    converted_at: row.converted_at.toISOString(),
    revenue: row.revenue,
    currency: row.currency,
    touchpoints: row.touchpoints,
    channel_path: row.channel_path,
    touchpoint_count: row.touchpoint_count,
    first_touch_at: row.first_touch_at?.toISOString() ?? null,
    last_touch_at: row.last_touch_at?.toISOString() ?? null,
    stitched_at: row.stitched_at.toISOString(),
  };
}
