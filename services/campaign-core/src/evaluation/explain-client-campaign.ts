import type { Pool } from '@tributary/postgres';
import {
  createCampaignRepository,
  goalIdsOf,
  type StoredCampaign,
} from '../adapters/campaign-repository';
import type { CampaignGoalsClient } from '../adapters/campaign-goals-client';
import { goalInbox } from '../adapters/goal-inbox';
import { checkAvailability } from '../domain/availability';
import type { CampaignPeriod } from '../domain/campaign-period';
import { explainCampaign, type StreamGoalProgress } from '../domain/explain';
import { checkParticipation } from '../domain/participation';
import { participationStore } from '../adapters/participation-store';
import type { Logger } from '@tributary/logging';
import { settleEvaluation } from './book-evaluation';
import { loadEvaluationState } from './evaluation-state';

export interface ExplainDeps {
  pool: Pool;
  goals: CampaignGoalsClient;
  logger: Logger;
  zone: string;
}

export interface ExplainRequest {
  clientId: string;
  campaign: StoredCampaign;
  at: Date;
  /** The period's Begin (local date); the latest period with realized goals when absent. */
  begin: string | undefined;
  /** Dry run: ask the ad-hoc checks and show the evaluation; nothing is booked either way. */
  runAdhocChecks: boolean;
}

/** Stream progress from campaign-goals' stream-values endpoint; missing when it cannot say. */
async function streamProgress(deps: ExplainDeps, request: ExplainRequest) {
  const progress = new Map<number, StreamGoalProgress>();
  const streamGoals = goalIdsOf(request.campaign.definition).filter(
    (id) => !request.campaign.adhocGoals.has(id),
  );
  await Promise.all(
    streamGoals.map(async (goalId) => {
      try {
        const value = await deps.goals.streamValue(goalId, request.clientId, request.at);
        if (value) progress.set(goalId, value);
      } catch (err) {
        deps.logger.warn(
          { err, client_id: request.clientId, goal_id: goalId },
          'stream value unavailable for explain',
        );
      }
    }),
  );
  return progress;
}

async function choosePeriod(
  deps: ExplainDeps,
  request: ExplainRequest,
): Promise<CampaignPeriod | undefined> {
  const periods = await goalInbox.periods(
    deps.pool,
    request.clientId,
    goalIdsOf(request.campaign.definition),
  );
  return request.begin === undefined ? periods[0] : periods.find((p) => p.begin === request.begin);
}

/** R24: which goals are met or missing (and by how much), and which rule or limit stops a grant. */
export async function explainClientCampaign(deps: ExplainDeps, request: ExplainRequest) {
  const definition = request.campaign.definition;
  const campaignId = definition['campaign-id'];
  const period = await choosePeriod(deps, request);
  if (!period) {
    const entries = await participationStore.entries(deps.pool, request.clientId, campaignId);
    const placeholder = { endAt: request.at, fullEndAt: request.at };
    return {
      client: request.clientId,
      campaign: campaignId,
      period: null,
      reason:
        'no goal of this campaign realized for the client' +
        (request.begin ? ` in the period beginning ${request.begin}` : ''),
      availability: checkAvailability(definition.availability, request.at, deps.zone),
      participation: checkParticipation(definition.rules, entries, request.at, placeholder),
    };
  }
  const umbrellas = await createCampaignRepository(deps.pool).listLimits();
  const target = {
    clientId: request.clientId,
    campaign: request.campaign,
    period,
    at: request.at,
    umbrellas,
    zone: deps.zone,
  };
  const input = await loadEvaluationState(deps.pool, target);
  const answers = request.runAdhocChecks
    ? (await settleEvaluation(input, deps.goals)).answers
    : input.adhocAnswers;
  const explanation = explainCampaign({
    ...input,
    adhocAnswers: answers,
    streamProgress: await streamProgress(deps, request),
  });
  return {
    client: request.clientId,
    campaign: campaignId,
    period: {
      begin: period.begin,
      end: period.end,
      'begin-instant': period.beginAt,
      'end-instant': period.endAt,
    },
    'evaluated-at': request.at,
    ...explanation,
  };
}
