import type { PoolClient } from '@tributary/postgres';
import { pseudonymOf, type IdHasher } from './id-hasher';
import { CAMPAIGN_DELETED, CAMPAIGN_RETAINED, type PayoutRetention } from './payout-policy';

/**
 * Campaign tables key on the bank's client id, which is the customer's user id. Caches and call
 * logs are deleted; payout records follow the policy (payout-policy.ts).
 */
export async function eraseCampaignData(
  client: PoolClient,
  ids: readonly string[],
  policy: PayoutRetention,
  hash: IdHasher,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const add = (key: string, n: number | null) => {
    counts[key] = (counts[key] ?? 0) + (n ?? 0);
  };
  for (const table of CAMPAIGN_DELETED) {
    const result = await client.query(`DELETE FROM ${table} WHERE client_id = ANY($1::text[])`, [
      ids,
    ]);
    add(`deleted_${table}`, result.rowCount);
  }
  if (policy === 'keep') {
    for (const { table } of CAMPAIGN_RETAINED) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE client_id = ANY($1::text[])`,
        [ids],
      );
      add(`kept_${table}`, Number(result.rows[0]?.n ?? 0));
    }
    return counts;
  }
  for (const id of ids) {
    const pseudonym = pseudonymOf(hash(id));
    // The id inside JSON is replaced as a whole JSON string, never as a substring.
    const [fromJson, toJson] = [JSON.stringify(id), JSON.stringify(pseudonym)];
    // Realization ids are `goal:client:begin` (campaign-goals): the client segment is replaced
    // wherever one is kept, so the outbox, the inbox and the realizations still join up.
    const [fromSegment, toSegment] = [`:${id}:`, `:${pseudonym}:`];
    const outbox = await client.query(
      `WITH r AS (
         SELECT realization_id AS old, replace(realization_id, $2, $3) AS new
         FROM goal_realizations WHERE client_id = $1)
       UPDATE goal_outbox o SET realization_id = r.new, message_key = $4,
         payload = replace(replace(o.payload::text, to_json(r.old)::text, to_json(r.new)::text), $5, $6)::jsonb
       FROM r WHERE o.realization_id = r.old`,
      [id, fromSegment, toSegment, pseudonym, fromJson, toJson],
    );
    add('pseudonymised_goal_outbox', outbox.rowCount);
    for (const { table, json } of CAMPAIGN_RETAINED) {
      const params: string[] = [id, pseudonym];
      const sets = ['client_id = $2'];
      if (json.length > 0) {
        params.push(fromJson, toJson);
        for (const c of json) sets.push(`${c} = replace(${c}::text, $3, $4)::jsonb`);
      }
      if (table === 'goal_realizations' || table === 'campaign_goal_inbox') {
        params.push(fromSegment, toSegment);
        const n = params.length;
        sets.push(`realization_id = replace(realization_id, $${n - 1}, $${n})`);
      }
      if (table === 'action_outbox') {
        params.push(encodeURIComponent(id), encodeURIComponent(pseudonym));
        const n = params.length;
        sets.push(`url = replace(url, $${n - 1}, $${n})`);
      }
      const result = await client.query(
        `UPDATE ${table} SET ${sets.join(', ')} WHERE client_id = $1`,
        params,
      );
      add(`pseudonymised_${table}`, result.rowCount);
    }
    // Limit usage keys are JSON arrays naming the client, e.g. ["campaign", 7, "<client>"].
    const limits = await client.query(
      `UPDATE limit_usage SET limit_key = replace(limit_key, $2, $3) WHERE limit_key::jsonb ? $1`,
      [id, fromJson, toJson],
    );
    add('pseudonymised_limit_usage', limits.rowCount);
  }
  return counts;
}
