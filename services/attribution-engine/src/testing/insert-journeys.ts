import type { Pool } from '@tributary/postgres';

/** A touch `daysBefore` days before the journey's end (conversion, or last touch of a null path). */
export interface TestTouch {
  readonly channel: string;
  readonly campaign?: string;
  readonly daysBefore: number;
}

export interface TestJourney {
  readonly id: string;
  readonly end: Date;
  /** Revenue of a converting journey; absent for a non-converting path. */
  readonly revenue?: string;
  /** Currency of the order (default TRY). */
  readonly currency?: string;
  readonly touches: readonly TestTouch[];
}

const DAY_MS = 86_400_000;

/** Inserts journeys as journey-stitcher stores them (converting and non-converting). */
export async function insertJourneys(pool: Pool, journeys: readonly TestJourney[]): Promise<void> {
  for (const j of journeys) {
    const touches = j.touches.map((t, i) => ({
      channel: t.channel,
      campaign: t.campaign ?? null,
      type: 'ad_click',
      occurred_at: new Date(j.end.getTime() - t.daysBefore * DAY_MS).toISOString(),
      event_id: `${j.id}-e${i}`,
    }));
    const path = touches.map((t) => t.channel);
    const first = touches[0]?.occurred_at ?? null;
    const last = touches[touches.length - 1]?.occurred_at ?? null;
    if (j.revenue !== undefined) {
      await pool.query(
        `INSERT INTO customer_journeys (journey_id, customer_id, order_id, converted_at, revenue, currency,
           touchpoints, channel_path, touchpoint_count, first_touch_at, last_touch_at, stitched_at)
         VALUES ($1, $2, $3, $4, $5, $11, $6, $7, $8, $9, $10, now())`,
        [
          `j:${j.id}`,
          `c-${j.id}`,
          j.id,
          j.end,
          j.revenue,
          JSON.stringify(touches),
          path,
          path.length,
          first,
          last,
          j.currency ?? 'TRY',
        ],
      );
    } else {
      await pool.query(
        `INSERT INTO non_converting_paths (path_id, customer_id, window_start, window_end, touchpoints,
           channel_path, touchpoint_count, swept_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
        [
          `n:${j.id}`,
          `c-${j.id}`,
          first,
          new Date(j.end.getTime() + DAY_MS),
          JSON.stringify(touches),
          path,
          path.length,
        ],
      );
    }
  }
}
