import type { Pool, PoolClient } from '@tributary/postgres';
import type { ErasureSubject } from './erasure-request';
import { resolveIds, userToGather } from './erasure-plan';

/** The subject and every id identity links tie to them (see resolveIds). */
export async function resolveSubjectIds(
  client: PoolClient | Pool,
  subject: ErasureSubject,
): Promise<string[]> {
  let linkedUser: string | undefined;
  if (subject.kind === 'anonymous_id') {
    const link = await client.query<{ user_id: string }>(
      'SELECT user_id FROM identity_links WHERE anonymous_id = $1',
      [subject.id],
    );
    linkedUser = link.rows[0]?.user_id;
  }
  const user = userToGather(subject, linkedUser);
  const anonymous =
    user === undefined
      ? []
      : (
          await client.query<{ anonymous_id: string }>(
            'SELECT anonymous_id FROM identity_links WHERE user_id = $1',
            [user],
          )
        ).rows.map((r) => r.anonymous_id);
  return resolveIds(subject, { linkedUser, anonymousIds: anonymous });
}

// customer_id is coalesce(user_id, anonymous_id), indexed: it covers every event of these ids.
const DELETES = {
  raw_events: 'DELETE FROM raw_events WHERE customer_id = ANY($1::text[])',
  customer_journeys: 'DELETE FROM customer_journeys WHERE customer_id = ANY($1::text[])',
  non_converting_paths: 'DELETE FROM non_converting_paths WHERE customer_id = ANY($1::text[])',
  identity_links:
    'DELETE FROM identity_links WHERE user_id = ANY($1::text[]) OR anonymous_id = ANY($1::text[])',
} as const;
export type WarehouseTable = keyof typeof DELETES;

export async function deleteFromWarehouse(
  client: PoolClient,
  table: WarehouseTable,
  ids: readonly string[],
): Promise<number> {
  const result = await client.query(DELETES[table], [ids]);
  return result.rowCount ?? 0;
}

/**
 * The incremental category-report sets name a person (customer_id) per hour and category; the
 * reports built from them hold counts only. Tables absent from an older schema are skipped.
 */
export const REPORT_SET_TABLES = [
  'category_view_sets',
  'category_viewer_sets',
  'category_purchase_sets',
] as const;

export async function deleteFromReportSets(
  client: PoolClient,
  ids: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of REPORT_SET_TABLES) {
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      table,
    ]);
    if (!exists.rows[0]?.t) continue;
    const result = await client.query(`DELETE FROM ${table} WHERE person = ANY($1::text[])`, [ids]);
    counts[table] = result.rowCount ?? 0;
  }
  return counts;
}
