import {
  campaignIssues,
  CampaignDefinition,
  compileValidator,
  type AdhocValidation,
  type ValidationIssue,
} from '@tributary/schemas';
import type { CampaignGoalsClient } from '../adapters/campaign-goals-client';
import { goalIdsOf, type StoredCampaign } from '../adapters/campaign-repository';

const shape = compileValidator(CampaignDefinition);

export type CampaignValidation =
  { ok: true; campaign: StoredCampaign } | { ok: false; issues: ValidationIssue[] };

/**
 * Shape and enums, then the semantic checks with the goal ids campaign-goals knows (its HTTP
 * API: GET /v1/goals/{id}); the ad-hoc goals' validation modes are kept with the campaign.
 */
export async function validateCampaign(
  input: unknown,
  goals: CampaignGoalsClient,
): Promise<CampaignValidation> {
  const checked = shape.check(input);
  if (!checked.ok) return checked;
  const ids = goalIdsOf(checked.value);
  const kinds = await Promise.all(ids.map((id) => goals.getGoal(id)));
  const known = new Set<number>();
  const adhocGoals = new Map<number, AdhocValidation>();
  for (const kind of kinds) {
    if (!kind) continue;
    known.add(kind.goalId);
    if (kind.source === 'adhoc') adhocGoals.set(kind.goalId, kind.validation);
  }
  const issues = campaignIssues(checked.value, { knownGoalIds: known });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, campaign: { definition: checked.value, adhocGoals } };
}
