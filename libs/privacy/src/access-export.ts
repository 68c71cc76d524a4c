import type { Pool } from '@tributary/postgres';
import type { HeldView, RealtimeEraser, RecentItem } from '@tributary/realtime-store';
import type { ErasureSubject } from './erasure-request';
import { REPORT_SET_TABLES, resolveSubjectIds } from './warehouse-steps';

type Rows = Record<string, unknown>[];

/** What the platform holds about one customer (KVKK art. 11, GDPR art. 15), store by store. */
export interface AccessExport {
  subject: ErasureSubject;
  /** The subject and every id identity links tie to them. */
  ids: string[];
  generated_at: string;
  warehouse: {
    raw_events: Rows;
    identity_links: Rows;
    customer_journeys: Rows;
    non_converting_paths: Rows;
    /** The incremental category-report sets (per hour and category), where the schema has them. */
    report_sets: Record<string, Rows>;
  };
  realtime: {
    recently_viewed: Record<string, RecentItem[]>;
    views_last_hour: HeldView[];
  };
  campaign: Record<string, Rows>;
}

const WAREHOUSE = {
  raw_events:
    'SELECT * FROM raw_events WHERE customer_id = ANY($1::text[]) ORDER BY occurred_at, event_id',
  identity_links:
    'SELECT * FROM identity_links WHERE user_id = ANY($1::text[]) OR anonymous_id = ANY($1::text[]) ORDER BY anonymous_id',
  customer_journeys:
    'SELECT * FROM customer_journeys WHERE customer_id = ANY($1::text[]) ORDER BY converted_at, journey_id',
  non_converting_paths:
    'SELECT * FROM non_converting_paths WHERE customer_id = ANY($1::text[]) ORDER BY window_start, path_id',
} as const;

const CAMPAIGN = [
  'stream_data',
  'stream_ledger',
  'goal_realizations',
  'adhoc_calls',
  'participations',
  'campaign_goal_inbox',
  'campaign_realizations',
  'adhoc_first_check_cache',
  'action_outbox',
] as const;

export async function exportCustomer(
  pool: Pool,
  realtime: RealtimeEraser,
  subject: ErasureSubject,
  now: Date,
): Promise<AccessExport> {
  const ids = await resolveSubjectIds(pool, subject);
  const query = async (sql: string): Promise<Rows> =>
    (await pool.query<Record<string, unknown>>(sql, [ids])).rows;
  const warehouse = {
    raw_events: await query(WAREHOUSE.raw_events),
    identity_links: await query(WAREHOUSE.identity_links),
    customer_journeys: await query(WAREHOUSE.customer_journeys),
    non_converting_paths: await query(WAREHOUSE.non_converting_paths),
    report_sets: {} as Record<string, Rows>,
  };
  for (const table of REPORT_SET_TABLES) {
    const exists = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      table,
    ]);
    if (exists.rows[0]?.t) {
      warehouse.report_sets[table] = await query(
        `SELECT * FROM ${table} WHERE person = ANY($1::text[]) ORDER BY hour`,
      );
    }
  }
  const campaign: Record<string, Rows> = {};
  for (const table of CAMPAIGN) {
    campaign[table] = await query(`SELECT * FROM ${table} WHERE client_id = ANY($1::text[])`);
  }
  const recently: AccessExport['realtime']['recently_viewed'] = {};
  for (const id of ids) {
    const items = await realtime.recentOf(id);
    if (items.length > 0) recently[id] = items;
  }
  return {
    subject,
    ids,
    generated_at: now.toISOString(),
    warehouse,
    realtime: { recently_viewed: recently, views_last_hour: await realtime.viewsOf(ids) },
    campaign,
  };
}
