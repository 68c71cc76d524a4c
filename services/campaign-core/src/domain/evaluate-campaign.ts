import type { CampaignDefinition } from '@tributary/schemas';
import { buildActionRequest, type ActionRequest } from './action-request';
import { checkAvailability, type AvailabilityDecision } from './availability';
import type { CampaignPeriod } from './campaign-period';
import { computeGrant, type GrantDecision, type GrantInput } from './earning-grant';
import { evaluateGoalExpression, type GoalExpressionInput } from './goal-expression';
import {
  checkParticipation,
  type ParticipationDecision,
  type ParticipationEntry,
} from './participation';
import { nextRealization, type RealizationSnapshot } from './realization-state';

export interface CampaignEvaluationInput
  extends Omit<GoalExpressionInput, 'groups'>, Omit<GrantInput, 'campaign' | 'period'> {
  campaign: CampaignDefinition;
  period: CampaignPeriod;
  participations: readonly ParticipationEntry[];
  existing: RealizationSnapshot | undefined;
}

export type SkipReason =
  | 'already-elapsed'
  | Extract<AvailabilityDecision, { available: false }>['reason']
  | Extract<ParticipationDecision, { eligible: false }>['reason'];

export type CampaignEvaluation =
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'need-adhoc'; goalId: number }
  | { kind: 'no-change'; completedGoals: number[]; cacheTrue: number[] }
  | { kind: 'partially-elapsed'; created: boolean; completedGoals: number[]; cacheTrue: number[] }
  | {
      kind: 'elapsed';
      created: boolean;
      completedGoals: number[];
      cacheTrue: number[];
      grant: GrantDecision;
      /** Present only for a grant above zero (R18: a zero grant calls nothing). */
      action: ActionRequest | undefined;
    };

/**
 * R16-R23 for one (client, campaign, period) at instant `at`. The caller loops while the answer
 * is need-adhoc (asking the ad-hoc check and adding its answer), then books the outcome: row,
 * reservations, cache entries and outbox in one transaction. A dry run stops before booking.
 */
export function evaluateCampaign(input: CampaignEvaluationInput): CampaignEvaluation {
  const { campaign, period, at } = input;
  if (input.existing?.status === 'elapsed') return { kind: 'skipped', reason: 'already-elapsed' };
  const availability = checkAvailability(campaign.availability, at, input.zone);
  if (!availability.available) return { kind: 'skipped', reason: availability.reason };
  const participation = checkParticipation(campaign.rules, input.participations, at, period);
  if (!participation.eligible) return { kind: 'skipped', reason: participation.reason };

  const result = evaluateGoalExpression({ ...input, groups: campaign.goals });
  if (result.kind === 'need-adhoc') return { kind: 'need-adhoc', goalId: result.goalId };
  const { completedGoals, cacheTrue } = result;
  const transition = nextRealization(input.existing, result);
  if (transition.kind === 'none') return { kind: 'no-change', completedGoals, cacheTrue };
  if (transition.kind === 'partially-elapsed') {
    return { kind: 'partially-elapsed', created: transition.created, completedGoals, cacheTrue };
  }
  const grant = computeGrant({ ...input, campaign, period });
  const action = grant.granted
    ? buildActionRequest({
        campaign,
        clientId: input.clientId,
        period,
        completedGoals,
        earning: grant.earning,
        elapsedAt: at,
      })
    : undefined;
  return { kind: 'elapsed', created: transition.created, completedGoals, cacheTrue, grant, action };
}
