import type { Pool } from '@tributary/postgres';
import type { AdhocValidation, CampaignDefinition, UmbrellaLimit } from '@tributary/schemas';
import type { StoredCampaign } from './campaign-repository';

type Queryable = Pick<Pool, 'query'>;

export interface CampaignConfig {
  version: string;
  umbrellas: UmbrellaLimit[];
  /** R16: the campaigns each goal triggers, in ascending campaign id. */
  campaignsUsingGoal(goalId: number): readonly StoredCampaign[];
}

export interface CampaignConfigCache {
  /** The current configuration; one small query per call unless the version moved. */
  load(db: Queryable): Promise<CampaignConfig>;
}

interface VersionRow {
  version: string;
  campaigns:
    { definition: CampaignDefinition; adhoc_goals: Record<string, AdhocValidation> }[] | null;
  umbrellas: UmbrellaLimit[] | null;
}

function buildConfig(
  version: string,
  campaigns: NonNullable<VersionRow['campaigns']>,
  umbrellas: UmbrellaLimit[],
): CampaignConfig {
  const byGoal = new Map<number, StoredCampaign[]>();
  for (const row of campaigns) {
    const stored: StoredCampaign = {
      definition: row.definition,
      adhocGoals: new Map(Object.entries(row.adhoc_goals).map(([id, mode]) => [Number(id), mode])),
    };
    // Rows come in ascending campaign id, so every list stays in that order.
    const goalIds = new Set(row.definition.goals.flatMap((g) => g.rule));
    for (const goalId of goalIds) byGoal.set(goalId, [...(byGoal.get(goalId) ?? []), stored]);
  }
  return { version, umbrellas, campaignsUsingGoal: (goalId) => byGoal.get(goalId) ?? [] };
}

/**
 * Campaign and umbrella definitions kept in memory between consumer batches. The version row
 * (migration 0601) is bumped by triggers in every transaction that changes either table, and
 * the definitions are read in the same statement as the version, so a batch never evaluates
 * with definitions older than those committed when its transaction read the version.
 */
export function createCampaignConfigCache(): CampaignConfigCache {
  let cached: CampaignConfig | undefined;
  return {
    async load(db) {
      // Compared with what was asked: a parallel batch may replace `cached` meanwhile.
      const known = cached;
      const { rows } = await db.query<VersionRow>(
        `SELECT v.version::text AS version,
           CASE WHEN v.version::text IS DISTINCT FROM $1 THEN (
             SELECT coalesce(json_agg(json_build_object('definition', definition,
               'adhoc_goals', adhoc_goals) ORDER BY campaign_id), '[]') FROM campaigns) END AS campaigns,
           CASE WHEN v.version::text IS DISTINCT FROM $1 THEN (
             SELECT coalesce(json_agg(definition ORDER BY limit_id), '[]')
             FROM campaign_limits) END AS umbrellas
         FROM campaign_config_version v`,
        [known?.version ?? null],
      );
      const row = rows[0];
      if (!row) throw new Error('campaign_config_version has no row (migration 0601 missing)');
      if (known && row.version === known.version) return known;
      const next = buildConfig(row.version, row.campaigns ?? [], row.umbrellas ?? []);
      cached = next;
      return next;
    },
  };
}
