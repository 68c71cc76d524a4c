import type { WorkSpan } from '@tributary/logging';
import type { PoolClient } from '@tributary/postgres';
import type { UmbrellaLimit } from '@tributary/schemas';
import type { StoredCampaign } from '../adapters/campaign-repository';
import { goalInbox, type RealizedGoal } from '../adapters/goal-inbox';
import { limitStore } from '../adapters/limit-store';
import { participationStore } from '../adapters/participation-store';
import { realizationStore } from '../adapters/realization-store';
import type { CampaignPeriod } from '../domain/campaign-period';
import { cappedLimits, stackingLimits, type LimitContext } from '../domain/earning-limits';
import type { CampaignEvaluationInput } from '../domain/evaluate-campaign';
import { usageFromMap, type UsageLookup } from '../domain/limit-usage';
import { checkParticipation, type ParticipationEntry } from '../domain/participation';
import type { RealizationSnapshot } from '../domain/realization-state';
import { ledgerEntryCounts } from '../domain/start-aggregation';

type Db = Pick<PoolClient, 'query'>;

export interface EvaluationTarget {
  clientId: string;
  campaign: StoredCampaign;
  period: CampaignPeriod;
  /** The evaluation instant (R4: from the clock). */
  at: Date;
  umbrellas: readonly UmbrellaLimit[];
  zone: string;
  /** The goal message's trace: its outbox row and log lines carry it on (issue 22). */
  trace?: Pick<WorkSpan, 'traceparent' | 'bindings'>;
}

export function limitContext(target: EvaluationTarget): LimitContext {
  return {
    campaign: target.campaign.definition,
    clientId: target.clientId,
    period: target.period,
    at: target.at,
    zone: target.zone,
    umbrellas: target.umbrellas,
  };
}

/** Reloads only the usage counters (after a lost reservation race). */
export async function loadUsage(db: Db, target: EvaluationTarget) {
  const context = limitContext(target);
  const keys = [...cappedLimits(context), ...stackingLimits(context)].map((l) => l.key);
  return usageFromMap(await limitStore.load(db, keys));
}

/** What the adapter read for one (client, campaign, period), one query per item or per batch. */
export interface LoadedState {
  existing: RealizationSnapshot | undefined;
  participations: readonly ParticipationEntry[];
  realized: readonly RealizedGoal[];
  cachedTrue: ReadonlySet<number>;
  usage: UsageLookup;
}

/**
 * The pure evaluation's input from loaded state; shared by the one-by-one path and the batch
 * path, so both read participations and after-join (R21) the same way. Ad-hoc answers start
 * empty: they are asked lazily (R14).
 */
export function evaluationInput(
  target: EvaluationTarget,
  loaded: LoadedState,
): CampaignEvaluationInput {
  const { clientId, campaign, period, at } = target;
  const definition = campaign.definition;
  const decision = checkParticipation(definition.rules, loaded.participations, at, period);
  const joinedAt = decision.eligible ? decision.joinedAt : undefined;
  // after-join (R21): a stream goal counts only if it was reached after the join instant.
  const realizedStreamGoals = new Set(
    loaded.realized
      .filter((g) => ledgerEntryCounts(definition.rules, joinedAt, g.elapsed))
      .map((g) => g.goalId),
  );
  return {
    campaign: definition,
    clientId,
    period,
    at,
    zone: target.zone,
    umbrellas: target.umbrellas,
    participations: loaded.participations,
    existing: loaded.existing,
    realizedStreamGoals,
    adhocGoals: campaign.adhocGoals,
    adhocAnswers: new Map(),
    cachedTrue: loaded.cachedTrue,
    usage: loaded.usage,
  };
}

/** Everything the pure evaluation needs for (client, campaign, period), read in the caller's transaction. */
export async function loadEvaluationState(
  db: Db,
  target: EvaluationTarget,
): Promise<CampaignEvaluationInput> {
  const { clientId, campaign, period } = target;
  const campaignId = campaign.definition['campaign-id'];
  // One connection runs one query at a time, so these are read in sequence.
  const existing = await realizationStore.snapshot(db, clientId, campaignId, period);
  const participations = await participationStore.entries(db, clientId, campaignId);
  const realized = await goalInbox.realizedGoals(db, clientId, period);
  const cachedTrue =
    campaign.adhocGoals.size > 0
      ? await firstCheckCache(db, clientId, campaignId)
      : new Set<number>();
  const usage = await loadUsage(db, target);
  return evaluationInput(target, { existing, participations, realized, cachedTrue, usage });
}

async function firstCheckCache(db: Db, clientId: string, campaignId: number) {
  const { rows } = await db.query<{ goal_id: number }>(
    'SELECT goal_id FROM adhoc_first_check_cache WHERE client_id = $1 AND campaign_id = $2',
    [clientId, campaignId],
  );
  return new Set(rows.map((r) => r.goal_id));
}

export async function cacheFirstCheck(
  db: Db,
  clientId: string,
  campaignId: number,
  goalIds: readonly number[],
  at: Date,
): Promise<void> {
  if (goalIds.length === 0) return;
  await db.query(
    `INSERT INTO adhoc_first_check_cache (client_id, campaign_id, goal_id, checked_at)
     SELECT $1, $2, g, $4 FROM unnest($3::integer[]) g ON CONFLICT DO NOTHING`,
    [clientId, campaignId, goalIds, at],
  );
}
