import {
  adhocValidationOf,
  checkGoalDefinitionShape,
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
  return issues.length > 0 ? { ok: false, issues } : shape;
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
