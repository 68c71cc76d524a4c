import type { AdhocValidation } from '@tributary/schemas';

export type { AdhocValidation };

export interface GoalGroup {
  id: number;
  rule: readonly number[];
}

export interface GoalExpressionInput {
  groups: readonly GoalGroup[];
  /** Stream goals realized for (client, period), already filtered by start-aggregation. */
  realizedStreamGoals: ReadonlySet<number>;
  /** Which goal ids are ad-hoc goals, and how their result may be cached (R15). */
  adhocGoals: ReadonlyMap<number, AdhocValidation>;
  /** Ad-hoc answers obtained during this evaluation. */
  adhocAnswers: ReadonlyMap<number, boolean>;
  /** first-check goals already true for (client, campaign): never asked again (R15). */
  cachedTrue: ReadonlySet<number>;
}

export type GoalExpressionResult =
  | { kind: 'need-adhoc'; goalId: number; groupId: number }
  | { kind: 'satisfied'; groupId: number; completedGoals: number[]; cacheTrue: number[] }
  | { kind: 'unsatisfied'; completedGoals: number[]; cacheTrue: number[] };

/**
 * R14/R16: entries are OR, ids inside a rule are AND, tried in listed order. An ad-hoc goal is
 * consulted only once every stream goal of its group is realized; when its answer is not known
 * yet the caller is asked to check it and call again with the answer, so evaluation stays pure
 * and stops at the first satisfied group without asking for anything beyond it.
 */
export function evaluateGoalExpression(input: GoalExpressionInput): GoalExpressionResult {
  const adhocTrue = new Set<number>();
  for (const group of input.groups) {
    const streamGoals = group.rule.filter((id) => !input.adhocGoals.has(id));
    if (!streamGoals.every((id) => input.realizedStreamGoals.has(id))) continue;
    let satisfied = true;
    for (const goalId of group.rule.filter((id) => input.adhocGoals.has(id))) {
      const answer = adhocAnswer(input, goalId);
      if (answer === undefined) return { kind: 'need-adhoc', goalId, groupId: group.id };
      if (!answer) {
        satisfied = false;
        break;
      }
      adhocTrue.add(goalId);
    }
    if (satisfied) return { kind: 'satisfied', groupId: group.id, ...outcome(input, adhocTrue) };
  }
  return { kind: 'unsatisfied', ...outcome(input, adhocTrue) };
}

function adhocAnswer(input: GoalExpressionInput, goalId: number): boolean | undefined {
  if (input.adhocGoals.get(goalId) === 'first-check' && input.cachedTrue.has(goalId)) return true;
  return input.adhocAnswers.get(goalId);
}

function outcome(input: GoalExpressionInput, adhocTrue: ReadonlySet<number>) {
  const referenced = new Set(input.groups.flatMap((g) => g.rule));
  const streamTrue = [...input.realizedStreamGoals].filter((id) => referenced.has(id));
  const completedGoals = [...new Set([...streamTrue, ...adhocTrue])].sort((a, b) => a - b);
  const cacheTrue = [...adhocTrue]
    .filter((id) => input.adhocGoals.get(id) === 'first-check' && !input.cachedTrue.has(id))
    .sort((a, b) => a - b);
  return { completedGoals, cacheTrue };
}
