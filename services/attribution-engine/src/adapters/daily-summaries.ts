import type { DaySummary } from '../domain/uncertainty/daily-trends';
import type { PathSummaryRow } from '../domain/path-summary';
import { TOUCHES_TABLE, type TouchTable } from './journey-touches';

interface DayRow {
  day: string;
  path: string[];
  days: number[] | null;
  conversions: number;
  nulls: number;
  revenue: string;
}

/**
 * The run's transformed paths grouped by local day (the run's time zone) as well as by path:
 * converting journeys by their conversion date, non-converting paths by their window start.
 * Converting rows also group by their days before conversion, which time_decay needs.
 */
export async function loadDailySummaries(touches: TouchTable): Promise<DaySummary[]> {
  const { rows } = await touches.client.query<DayRow>(
    `WITH paths AS (
       SELECT jid, bool_or(converting) AS converting, max(revenue) AS revenue,
         array_agg(token ORDER BY pos) AS path, array_agg(days ORDER BY pos) AS days
       FROM ${TOUCHES_TABLE} GROUP BY jid),
     dated AS (
       SELECT p.*, (coalesce(cj.converted_at, n.window_start) AT TIME ZONE $1::text)::date AS day
       FROM paths p
       LEFT JOIN customer_journeys cj ON p.converting AND cj.journey_id = p.jid
       LEFT JOIN non_converting_paths n ON NOT p.converting AND n.path_id = p.jid)
     SELECT day::text AS day, path, CASE WHEN converting THEN days END AS days,
       count(*) FILTER (WHERE converting)::int AS conversions,
       count(*) FILTER (WHERE NOT converting)::int AS nulls,
       coalesce(sum(revenue), 0)::text AS revenue
     FROM dated GROUP BY day, path, CASE WHEN converting THEN days END
     ORDER BY day`,
    [touches.options.time_zone],
  );
  const countLabels = touches.options.transforms.some((t) => t === 'frequency');
  const byDay = new Map<string, PathSummaryRow[]>();
  for (const row of rows) {
    const summaryRow: PathSummaryRow = {
      path: row.path,
      conversions: row.conversions,
      nulls: row.nulls,
      revenue: row.revenue,
      ...(row.days && { daysBeforeConversion: row.days }),
    };
    const list = byDay.get(row.day) ?? [];
    list.push(summaryRow);
    byDay.set(row.day, list);
  }
  return [...byDay].map(([day, dayRows]) => ({ day, summary: { rows: dayRows, countLabels } }));
}
