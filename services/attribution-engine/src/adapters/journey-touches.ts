import type { RunOptions } from '@tributary/attribution-store';
import type { Pool, PoolClient } from '@tributary/postgres';
import type { PathSummary, PathSummaryRow } from '../domain/path-summary';
import { touchesSql } from './touches-sql';

/** Read access to one run's transformed touches (a temporary table in one snapshot). */
export interface TouchTable {
  readonly client: PoolClient;
  readonly options: RunOptions;
}

export const TOUCHES_TABLE = 'attribution_touches';

/**
 * Materialises the run's transformed touches once, in one REPEATABLE READ transaction, so the
 * path summary and every SQL model read the same snapshot of the warehouse.
 */
export async function withTouches<T>(
  pool: Pool,
  options: RunOptions,
  work: (touches: TouchTable) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    // The summary and model queries sort and hash every touch; keep that in memory, not on disk.
    await client.query(`SET LOCAL work_mem = '256MB'`);
    const query = touchesSql(options);
    await client.query(
      `CREATE TEMP TABLE ${TOUCHES_TABLE} ON COMMIT DROP AS ${query.text}`,
      query.values,
    );
    await client.query(`ANALYZE ${TOUCHES_TABLE}`);
    const result = await work({ client, options });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface SummaryRow {
  path: string[];
  days: number[] | null;
  conversions: number;
  nulls: number;
  revenue: string;
}

/**
 * Distinct transformed paths with conversions, nulls and revenue, grouped in PostgreSQL. With
 * `withDays` converting rows also group by their days before conversion (time decay needs them).
 */
export async function loadPathSummary(touches: TouchTable, withDays = false): Promise<PathSummary> {
  const days = withDays ? ', CASE WHEN converting THEN days END' : '';
  const { rows } = await touches.client.query<SummaryRow>(
    `WITH paths AS (
       SELECT jid, bool_or(converting) AS converting, max(revenue) AS revenue,
         array_agg(token ORDER BY pos) AS path, array_agg(days ORDER BY pos) AS days
       FROM ${TOUCHES_TABLE} GROUP BY jid)
     SELECT path${withDays ? ', CASE WHEN converting THEN days END AS days' : ', NULL AS days'},
       count(*) FILTER (WHERE converting)::int AS conversions,
       count(*) FILTER (WHERE NOT converting)::int AS nulls,
       coalesce(sum(revenue), 0)::text AS revenue
     FROM paths GROUP BY path${days}`,
  );
  const summaryRows: PathSummaryRow[] = rows.map((row) =>
    row.days
      ? { ...row, daysBeforeConversion: row.days }
      : { path: row.path, conversions: row.conversions, nulls: row.nulls, revenue: row.revenue },
  );
  return {
    rows: summaryRows,
    countLabels: touches.options.transforms.some((t) => t === 'frequency'),
  };
}

export interface JourneyCounts {
  /** Converting journeys in the window, with and without touches left. */
  readonly converting: number;
  readonly converting_without_touches: number;
  readonly non_converting: number;
  readonly total_revenue: string;
  /** Decimal places of the most precise revenue (at least 2): the scale revenue is split at. */
  readonly revenue_scale: number;
}

export async function countJourneys(touches: TouchTable): Promise<JourneyCounts> {
  const { date_from, date_to, time_zone } = touches.options;
  const { rows } = await touches.client.query<JourneyCounts>(
    `WITH j AS (SELECT jid, bool_or(converting) AS converting, max(revenue) AS revenue
                FROM ${TOUCHES_TABLE} GROUP BY jid)
     SELECT count(*) FILTER (WHERE converting)::int AS converting,
       (SELECT count(*)::int FROM customer_journeys
         WHERE converted_at >= ($1::date::timestamp AT TIME ZONE $3::text)
           AND converted_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text))
         - count(*) FILTER (WHERE converting)::int AS converting_without_touches,
       count(*) FILTER (WHERE NOT converting)::int AS non_converting,
       coalesce(sum(revenue), 0)::text AS total_revenue,
       greatest(2, coalesce(max(scale(revenue)), 0))::int AS revenue_scale
     FROM j`,
    [date_from, date_to, time_zone],
  );
  return rows[0]!;
}
