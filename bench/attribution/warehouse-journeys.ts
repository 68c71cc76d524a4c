import type { Pool } from '@tributary/postgres';
import { seededRandom } from './synthetic-journeys';

const DAY_MS = 86_400_000;

/**
 * Inserts `count` journeys into customer_journeys / non_converting_paths as journey-stitcher
 * stores them: 12 channels (popularity ~ 1/rank), 1-10 touches a day or two apart, conversion
 * probability rising with the channels seen (as syntheticSummary), revenue 5.00-500.00,
 * conversions spread over the 30 days before `end`.
 */
export async function insertWarehouseJourneys(
  pool: Pool,
  count: number,
  end: Date,
  seed: number,
): Promise<{ converting: number; nulls: number }> {
  const random = seededRandom(seed);
  const names = Array.from({ length: 12 }, (_, i) => `ch${String(i + 1).padStart(2, '0')}`);
  const cumulative: number[] = [];
  names.reduce((sum, _, i) => (cumulative[i] = sum + 1 / (i + 1)), 0);
  const total = cumulative[cumulative.length - 1]!;
  const lift = names.map(() => 0.002 + random() * 0.03);
  const pick = () => {
    const u = random() * total;
    let i = 0;
    while (cumulative[i]! < u) i++;
    return i;
  };
  let converting = 0;
  const batch = {
    ids: [] as string[],
    ends: [] as string[],
    revenues: [] as (string | null)[],
    touches: [] as string[],
  };
  const flush = async () => {
    if (batch.ids.length === 0) return;
    await pool.query(
      `WITH j AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::jsonb[]) AS t(id, end_at, revenue, touches)),
       p AS (SELECT j.*, ARRAY(SELECT e->>'channel' FROM jsonb_array_elements(j.touches) e) AS path FROM j),
       c AS (INSERT INTO customer_journeys (journey_id, customer_id, order_id, converted_at, revenue, currency,
               touchpoints, channel_path, touchpoint_count, first_touch_at, last_touch_at, stitched_at)
             SELECT 'j:' || id, 'c' || id, id, end_at, revenue, 'TRY', touches, path, cardinality(path),
               (touches->0->>'occurred_at')::timestamptz, (touches->-1->>'occurred_at')::timestamptz, now()
             FROM p WHERE revenue IS NOT NULL)
       INSERT INTO non_converting_paths (path_id, customer_id, window_start, window_end, touchpoints, channel_path,
         touchpoint_count, swept_at)
       SELECT 'n:' || id, 'c' || id, (touches->0->>'occurred_at')::timestamptz, end_at + interval '1 day', touches, path,
         cardinality(path), now()
       FROM p WHERE revenue IS NULL`,
      [batch.ids, batch.ends, batch.revenues, batch.touches],
    );
    batch.ids = [];
    batch.ends = [];
    batch.revenues = [];
    batch.touches = [];
  };
  for (let j = 0; j < count; j++) {
    const length = 1 + Math.floor(random() * 10);
    const endAt =
      end.getTime() - Math.floor(random() * 25) * DAY_MS - Math.floor(random() * DAY_MS);
    let p = 0.01;
    let at = endAt - length * 1.5 * DAY_MS;
    const touches = Array.from({ length }, (_, k) => {
      const channel = pick();
      p += lift[channel]!;
      at += DAY_MS * (0.5 + random());
      return {
        channel: names[channel],
        campaign: null,
        type: 'ad_click',
        occurred_at: new Date(Math.min(at, endAt)).toISOString(),
        event_id: `${j}-${k}`,
      };
    });
    const converts = random() < Math.min(p, 0.6);
    if (converts) converting++;
    batch.ids.push(`b${j}`);
    batch.ends.push(new Date(endAt).toISOString());
    batch.revenues.push(converts ? ((500 + Math.floor(random() * 49_500)) / 100).toFixed(2) : null);
    batch.touches.push(JSON.stringify(touches));
    if (batch.ids.length === 5_000) await flush();
  }
  await flush();
  return { converting, nulls: count - converting };
}
