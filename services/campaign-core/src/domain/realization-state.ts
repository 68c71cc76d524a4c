import type { GoalExpressionResult } from './goal-expression';

export type RealizationStatus = 'partially-elapsed' | 'elapsed';

export interface RealizationSnapshot {
  status: RealizationStatus;
  completedGoals: readonly number[];
}

export type RealizationTransition =
  | { kind: 'none'; reason: 'already-elapsed' | 'no-goal-satisfied' | 'unchanged' }
  | { kind: RealizationStatus; completedGoals: number[]; created: boolean };

/**
 * R17: one row per (client, campaign, period), created by the first evaluation with at least one
 * satisfied goal; partially-elapsed until the expression holds, then elapsed, which is final.
 * Completed Goals always mirror the latest evaluation (an every-check answer may turn false).
 */
export function nextRealization(
  existing: RealizationSnapshot | undefined,
  result: Exclude<GoalExpressionResult, { kind: 'need-adhoc' }>,
): RealizationTransition {
  if (existing?.status === 'elapsed') return { kind: 'none', reason: 'already-elapsed' };
  const created = existing === undefined;
  if (result.kind === 'satisfied') {
    return { kind: 'elapsed', completedGoals: result.completedGoals, created };
  }
  if (result.completedGoals.length === 0) {
    return { kind: 'none', reason: created ? 'no-goal-satisfied' : 'unchanged' };
  }
  if (existing && sameGoals(existing.completedGoals, result.completedGoals)) {
    return { kind: 'none', reason: 'unchanged' };
  }
  return { kind: 'partially-elapsed', completedGoals: result.completedGoals, created };
}

function sameGoals(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
