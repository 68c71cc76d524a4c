import type { AvailabilityDecision } from './availability';
import { checkAvailability } from './availability';
import { Decimal } from './decimal';
import { computeGrant, type GrantDecision, type GrantStop } from './earning-grant';
import {
  evaluateCampaign,
  type CampaignEvaluation,
  type CampaignEvaluationInput,
} from './evaluate-campaign';
import { checkParticipation, type ParticipationDecision } from './participation';

export interface StreamGoalProgress {
  type: 'amount' | 'times';
  target: Decimal;
  /** The value the campaign may count (after-join filtered), for the period. */
  value: Decimal;
}

export interface ExplainInput extends CampaignEvaluationInput {
  streamProgress: ReadonlyMap<number, StreamGoalProgress>;
}

export type GoalExplanation =
  | { goalId: number; source: 'stream'; met: boolean; progress?: ProgressExplanation }
  | { goalId: number; source: 'adhoc'; met: boolean | 'not-checked'; cached: boolean };

export interface ProgressExplanation {
  type: 'amount' | 'times';
  target: string;
  value: string;
  /** How much is still needed: 0 when met (R11: value >= target). */
  missing: string;
}

export type Blocker =
  | { rule: 'already-elapsed' }
  | { rule: 'availability'; reason: Extract<AvailabilityDecision, { available: false }>['reason'] }
  | { rule: 'participation'; reason: Extract<ParticipationDecision, { eligible: false }>['reason'] }
  | { rule: 'goals'; reason: 'no-group-satisfied' | 'adhoc-not-checked' }
  | { rule: 'limit'; stop: GrantStop };

export interface CampaignExplanation {
  availability: AvailabilityDecision;
  participation: ParticipationDecision;
  groups: { id: number; satisfied: boolean | 'unknown'; goals: GoalExplanation[] }[];
  /** Exactly what an evaluation now would do; nothing is booked (R24 dry run). */
  evaluation: CampaignEvaluation;
  /** The grant the limits would allow now, whatever the goals say. */
  grantPreview: GrantDecision;
  blockers: Blocker[];
}

export function explainCampaign(input: ExplainInput): CampaignExplanation {
  const { campaign, period, at } = input;
  const availability = checkAvailability(campaign.availability, at, input.zone);
  const participation = checkParticipation(campaign.rules, input.participations, at, period);
  const groups = campaign.goals.map((group) => {
    const goals = group.rule.map((goalId) => explainGoal(input, goalId));
    const mets = goals.map((g) => g.met);
    const satisfied = mets.includes(false)
      ? false
      : mets.every((m) => m === true)
        ? true
        : 'unknown';
    return { id: group.id, satisfied, goals } as const;
  });
  const evaluation = evaluateCampaign(input);
  const grantPreview = computeGrant({ ...input, campaign, period });
  return {
    availability,
    participation,
    groups,
    evaluation,
    grantPreview,
    blockers: blockers(evaluation, availability, participation, grantPreview),
  };
}

function explainGoal(input: ExplainInput, goalId: number): GoalExplanation {
  const validation = input.adhocGoals.get(goalId);
  if (validation) {
    const cached = validation === 'first-check' && input.cachedTrue.has(goalId);
    const met = cached ? true : (input.adhocAnswers.get(goalId) ?? 'not-checked');
    return { goalId, source: 'adhoc', met, cached };
  }
  const met = input.realizedStreamGoals.has(goalId);
  const progress = input.streamProgress.get(goalId);
  if (!progress) return { goalId, source: 'stream', met };
  const missing = Decimal.max(0, progress.target.minus(progress.value));
  return {
    goalId,
    source: 'stream',
    met,
    progress: {
      type: progress.type,
      target: progress.target.toFixed(),
      value: progress.value.toFixed(),
      missing: met ? '0' : missing.toFixed(),
    },
  };
}

function blockers(
  evaluation: CampaignEvaluation,
  availability: AvailabilityDecision,
  participation: ParticipationDecision,
  grant: GrantDecision,
): Blocker[] {
  const list: Blocker[] = [];
  if (evaluation.kind === 'skipped' && evaluation.reason === 'already-elapsed') {
    list.push({ rule: 'already-elapsed' });
  }
  if (!availability.available) list.push({ rule: 'availability', reason: availability.reason });
  if (!participation.eligible) list.push({ rule: 'participation', reason: participation.reason });
  if (evaluation.kind === 'need-adhoc') list.push({ rule: 'goals', reason: 'adhoc-not-checked' });
  if (evaluation.kind === 'partially-elapsed' || evaluation.kind === 'no-change') {
    list.push({ rule: 'goals', reason: 'no-group-satisfied' });
  }
  return [...list, ...grant.stops.map((stop) => ({ rule: 'limit', stop }) as const)];
}
