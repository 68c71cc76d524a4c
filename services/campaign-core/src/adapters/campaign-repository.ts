import { etagSql } from '@tributary/http';
import type { Pool } from '@tributary/postgres';
import type { AdhocValidation, CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';

type Queryable = Pick<Pool, 'query'>;

export interface StoredCampaign {
  definition: CampaignDefinition;
  /** Ad-hoc goals among the rules, with their validation mode (R15). */
  adhocGoals: Map<number, AdhocValidation>;
}

interface CampaignRow {
  definition: CampaignDefinition;
  adhoc_goals: Record<string, AdhocValidation>;
}

const toStored = (row: CampaignRow): StoredCampaign => ({
  definition: row.definition,
  adhocGoals: new Map(Object.entries(row.adhoc_goals).map(([id, mode]) => [Number(id), mode])),
});

export function goalIdsOf(campaign: CampaignDefinition): number[] {
  return [...new Set(campaign.goals.flatMap((g) => g.rule))].sort((a, b) => a - b);
}

/** A conditional replace: the stored version's new ETag, or why nothing changed. */
export type ReplaceOutcome = { etag: string } | 'missing' | 'stale';
export type DeleteOutcome = 'deleted' | 'missing' | 'stale';

const TABLES = {
  campaign: { table: 'campaigns', key: 'campaign_id' },
  limit: { table: 'campaign_limits', key: 'limit_id' },
} as const;

/** Campaigns and umbrella limits: the configuration tables (seed JSON kept as given). */
export function createCampaignRepository(db: Queryable) {
  /** When a conditional write changed nothing: the row is gone, or not the version named. */
  const missingOrStale = async (
    kind: keyof typeof TABLES,
    id: number,
  ): Promise<'missing' | 'stale'> => {
    const { table, key } = TABLES[kind];
    const found = await db.query(`SELECT 1 FROM ${table} WHERE ${key} = $1`, [id]);
    return (found.rowCount ?? 0) > 0 ? 'stale' : 'missing';
  };
  return {
    /** The stored version's ETag (libs/http preconditions), or undefined when there is none. */
    async etagOf(kind: keyof typeof TABLES, id: number): Promise<string | undefined> {
      const { table, key } = TABLES[kind];
      const { rows } = await db.query<{ etag: string }>(
        `SELECT ${etagSql('definition')} AS etag FROM ${table} WHERE ${key} = $1`,
        [id],
      );
      return rows[0]?.etag;
    },
    /** Replaces a campaign if it exists and, when `expected` is given, is still that version. */
    async replaceCampaign(
      campaign: CampaignDefinition,
      adhocGoals: ReadonlyMap<number, AdhocValidation>,
      expected: string | null,
    ): Promise<ReplaceOutcome> {
      const id = campaign['campaign-id'];
      const { rows } = await db.query<{ etag: string }>(
        `UPDATE campaigns SET definition = $2, goal_ids = $3, adhoc_goals = $4, updated_at = now()
          WHERE campaign_id = $1 AND ($5::text IS NULL OR ${etagSql('definition')} = $5)
          RETURNING ${etagSql('definition')} AS etag`,
        [
          id,
          JSON.stringify(campaign),
          goalIdsOf(campaign),
          JSON.stringify(Object.fromEntries(adhocGoals)),
          expected,
        ],
      );
      return rows[0] ? { etag: rows[0].etag } : missingOrStale('campaign', id);
    },
    async replaceLimit(limit: UmbrellaLimit, expected: string | null): Promise<ReplaceOutcome> {
      const id = limit['limit-id'];
      const { rows } = await db.query<{ etag: string }>(
        `UPDATE campaign_limits SET definition = $2, updated_at = now()
          WHERE limit_id = $1 AND ($3::text IS NULL OR ${etagSql('definition')} = $3)
          RETURNING ${etagSql('definition')} AS etag`,
        [id, JSON.stringify(limit), expected],
      );
      return rows[0] ? { etag: rows[0].etag } : missingOrStale('limit', id);
    },
    async deleteConditionally(
      kind: keyof typeof TABLES,
      id: number,
      expected: string | null,
    ): Promise<DeleteOutcome> {
      const { table, key } = TABLES[kind];
      const result = await db.query(
        `DELETE FROM ${table} WHERE ${key} = $1 AND ($2::text IS NULL OR ${etagSql('definition')} = $2)`,
        [id, expected],
      );
      return (result.rowCount ?? 0) > 0 ? 'deleted' : missingOrStale(kind, id);
    },
    /** Inserts, or replaces when `replace`; false when the insert met an existing id. */
    async saveCampaign(
      campaign: CampaignDefinition,
      adhocGoals: ReadonlyMap<number, AdhocValidation>,
      replace: boolean,
    ): Promise<boolean> {
      const params = [
        campaign['campaign-id'],
        JSON.stringify(campaign),
        goalIdsOf(campaign),
        JSON.stringify(Object.fromEntries(adhocGoals)),
      ];
      const conflict = replace
        ? `ON CONFLICT (campaign_id) DO UPDATE SET definition = EXCLUDED.definition,
             goal_ids = EXCLUDED.goal_ids, adhoc_goals = EXCLUDED.adhoc_goals, updated_at = now()`
        : 'ON CONFLICT (campaign_id) DO NOTHING';
      const result = await db.query(
        `INSERT INTO campaigns (campaign_id, definition, goal_ids, adhoc_goals)
         VALUES ($1, $2, $3, $4) ${conflict}`,
        params,
      );
      return (result.rowCount ?? 0) > 0;
    },
    async campaignExists(id: number): Promise<boolean> {
      const result = await db.query('SELECT 1 FROM campaigns WHERE campaign_id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async getCampaign(id: number): Promise<StoredCampaign | undefined> {
      const { rows } = await db.query<CampaignRow>(
        'SELECT definition, adhoc_goals FROM campaigns WHERE campaign_id = $1',
        [id],
      );
      return rows[0] && toStored(rows[0]);
    },
    async listCampaigns(): Promise<StoredCampaign[]> {
      const { rows } = await db.query<CampaignRow>(
        'SELECT definition, adhoc_goals FROM campaigns ORDER BY campaign_id',
      );
      return rows.map(toStored);
    },
    /** R16: the campaigns a goal triggers, in ascending id. */
    async campaignsUsingGoal(goalId: number): Promise<StoredCampaign[]> {
      const { rows } = await db.query<CampaignRow>(
        `SELECT definition, adhoc_goals FROM campaigns WHERE goal_ids @> ARRAY[$1::integer]
         ORDER BY campaign_id`,
        [goalId],
      );
      return rows.map(toStored);
    },
    async deleteCampaign(id: number): Promise<boolean> {
      const result = await db.query('DELETE FROM campaigns WHERE campaign_id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async saveLimit(limit: UmbrellaLimit, replace: boolean): Promise<boolean> {
      const conflict = replace
        ? 'ON CONFLICT (limit_id) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()'
        : 'ON CONFLICT (limit_id) DO NOTHING';
      const result = await db.query(
        `INSERT INTO campaign_limits (limit_id, definition) VALUES ($1, $2) ${conflict}`,
        [limit['limit-id'], JSON.stringify(limit)],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async limitExists(id: number): Promise<boolean> {
      const result = await db.query('SELECT 1 FROM campaign_limits WHERE limit_id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
    async getLimit(id: number): Promise<UmbrellaLimit | undefined> {
      const { rows } = await db.query<{ definition: UmbrellaLimit }>(
        'SELECT definition FROM campaign_limits WHERE limit_id = $1',
        [id],
      );
      return rows[0]?.definition;
    },
    async listLimits(): Promise<UmbrellaLimit[]> {
      const { rows } = await db.query<{ definition: UmbrellaLimit }>(
        'SELECT definition FROM campaign_limits ORDER BY limit_id',
      );
      return rows.map((r) => r.definition);
    },
    async deleteLimit(id: number): Promise<boolean> {
      const result = await db.query('DELETE FROM campaign_limits WHERE limit_id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
export type CampaignRepository = ReturnType<typeof createCampaignRepository>;
