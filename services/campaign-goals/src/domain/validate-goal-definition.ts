import {
  adhocValidationOf,
  checkGoalDefinitionShape,
  clientIdProblem,
  toEntityId,
  type AdhocGoal,
  type GoalDefinition,
  type Validated,
  type ValidationIssue,
} from '@tributary/schemas';
import { compileAdhocExpression } from './adhoc-expression';
import { buildQueryUrl } from './adhoc-query-url';

/**
 * A goal's shape (libs/schemas) and meaning. Stream goals: a `times` target is a whole number.
 * Ad-hoc goals: the query yields a URL, the expression compiles under the allow-list, and one of
 * campaign-validation / campaing-validation (R25) is given, not two that disagree.
 * Whether `stream-id` names an existing stream is for the caller, which holds the streams.
 */
export function validateGoalDefinition(input: unknown): Validated<GoalDefinition> {
  const shape = checkGoalDefinitionShape(input);
  if (!shape.ok) return shape;
  const goal = shape.value;
  const issues: ValidationIssue[] =
    goal.source === 'stream' ? streamGoalIssues(goal.type, goal.target) : adhocGoalIssues(goal);
  issues.push(...idContractIssues(goal));
  return issues.length > 0 ? { ok: false, issues } : shape;
}

/**
 * The id contract (libs/schemas ids.ts): goal and stream ids travel in goals.achieved and are
 * stored by campaign-core as integers, and a goal's client id is compared with the client ids
 * that extraction accepts. Anything outside it would be accepted here and lost downstream.
 */
function idContractIssues(goal: GoalDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const goalId = toEntityId(goal['goal-id']);
  if (!goalId.ok) issues.push({ path: '/goal-id', message: goalId.reason });
  if (goal.source !== 'stream') return issues;
  const streamId = toEntityId(goal['stream-id']);
  if (!streamId.ok) {
    issues.push({ path: '/stream-id', message: `${streamId.reason} for a stream with goals` });
  }
  if (goal['client-id'] !== undefined) {
    const problem = clientIdProblem(String(goal['client-id']));
    if (problem) issues.push({ path: '/client-id', message: `client id ${problem}` });
  }
  return issues;
}

function streamGoalIssues(type: 'amount' | 'times', target: string | number): ValidationIssue[] {
  if (type === 'times' && !/^\d+$/.test(String(target))) {
    return [{ path: '/target', message: 'a times target is a whole number of records' }];
  }
  return [];
}

function adhocGoalIssues(goal: AdhocGoal): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const url = buildQueryUrl(goal.query, 'client');
  if (!url.ok) issues.push({ path: '/query', message: url.reason });
  const expression = goal.expression?.trim() ?? '';
  if (expression !== '') {
    const compiled = compileAdhocExpression(expression);
    if (!compiled.ok) issues.push({ path: '/expression', message: compiled.reason });
  }
  const both = goal['campaign-validation'] && goal['campaing-validation'];
  if (!adhocValidationOf(goal)) {
    issues.push({
      path: '/campaign-validation',
      message: 'first-check or every-check is required',
    });
  } else if (both && goal['campaign-validation'] !== goal['campaing-validation']) {
    issues.push({
      path: '/campaing-validation',
      message: 'disagrees with campaign-validation; give one of the two',
    });
  }
  return issues;
}
