import type { PoolClient } from '@tributary/postgres';
import type { Logger } from '@tributary/logging';
import { actionOutbox } from '../adapters/action-outbox';
import type { CampaignGoalsClient } from '../adapters/campaign-goals-client';
import { limitStore } from '../adapters/limit-store';
import { realizationStore } from '../adapters/realization-store';
import {
  evaluateCampaign,
  type CampaignEvaluation,
  type CampaignEvaluationInput,
} from '../domain/evaluate-campaign';
import { limitKeyText } from '../domain/limit-keys';
import {
  cacheFirstCheck,
  loadEvaluationState,
  loadUsage,
  type EvaluationTarget,
} from './evaluation-state';

type Db = Pick<PoolClient, 'query'>;

export interface EvaluationDeps {
  goals: CampaignGoalsClient;
  logger: Logger;
}

export type Settled = Exclude<CampaignEvaluation, { kind: 'need-adhoc' }>;

const MAX_RESERVATION_RACES = 10;

/** Loops on need-adhoc (R14), asking campaign-goals lazily, until the evaluation settles. */
export async function settleEvaluation(
  input: CampaignEvaluationInput,
  goals: CampaignGoalsClient,
): Promise<{ evaluation: Settled; answers: Map<number, boolean> }> {
  const answers = new Map(input.adhocAnswers);
  for (;;) {
    const evaluation = evaluateCampaign({ ...input, adhocAnswers: answers });
    if (evaluation.kind !== 'need-adhoc') return { evaluation, answers };
    answers.set(evaluation.goalId, await goals.checkAdhoc(evaluation.goalId, input.clientId));
  }
}

/**
 * Evaluates (client, campaign, period) and books the outcome in the caller's transaction: the
 * realization row, the first-check cache, the limit reservations and the outbox row. The
 * caller holds the client's advisory lock, so only cross-client counters (the global budget)
 * can be raced; a lost race rolls back to the savepoint and evaluates again with fresh usage.
 */
export async function bookEvaluation(
  db: Db,
  deps: EvaluationDeps,
  target: EvaluationTarget,
): Promise<Settled> {
  const { clientId, at } = target;
  const campaignId = target.campaign.definition['campaign-id'];
  let input = await loadEvaluationState(db, target);
  for (let race = 0; ; race += 1) {
    const { evaluation, answers } = await settleEvaluation(input, deps.goals);
    if (evaluation.kind === 'skipped') return evaluation;
    await cacheFirstCheck(db, clientId, campaignId, evaluation.cacheTrue, at);
    if (evaluation.kind === 'no-change') return evaluation;
    if (evaluation.kind === 'partially-elapsed') {
      await realizationStore.upsert(db, {
        clientId,
        campaignId,
        period: target.period,
        status: 'partially-elapsed',
        completedGoals: evaluation.completedGoals,
      });
      return evaluation;
    }
    const { grant, action } = evaluation;
    await db.query('SAVEPOINT grant_reservation');
    const ordered = [...grant.reservations].sort((a, b) =>
      limitKeyText(a.key).localeCompare(limitKeyText(b.key)),
    );
    let fits = true;
    for (const reservation of ordered) {
      if (!(await limitStore.reserve(db, reservation))) {
        fits = false;
        break;
      }
    }
    if (!fits) {
      await db.query('ROLLBACK TO SAVEPOINT grant_reservation');
      if (race >= MAX_RESERVATION_RACES) throw new Error('limit reservation kept losing races');
      deps.logger.debug(
        { client_id: clientId, campaign_id: campaignId },
        'reservation lost a race, re-evaluating',
      );
      input = { ...input, usage: await loadUsage(db, target), adhocAnswers: answers };
      continue;
    }
    const realizationId = await realizationStore.upsert(db, {
      clientId,
      campaignId,
      period: target.period,
      status: 'elapsed',
      completedGoals: evaluation.completedGoals,
      earning: grant.earning,
      elapsedAt: at,
    });
    if (realizationId !== undefined && action) {
      await actionOutbox.enqueue(db, {
        realizationId,
        clientId,
        campaignId,
        request: action,
        traceparent: target.trace?.traceparent,
      });
    }
    await db.query('RELEASE SAVEPOINT grant_reservation');
    deps.logger.info(
      {
        ...target.trace?.bindings,
        client_id: clientId,
        campaign_id: campaignId,
        realization_id: realizationId,
        amount: grant.earning.amount.toFixed(),
        granted: grant.granted,
      },
      'campaign realization elapsed',
    );
    return evaluation;
  }
}
