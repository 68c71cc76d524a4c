import { evaluateGoalExpression, type GoalExpressionInput } from './goal-expression';
import { SEED_ADHOC_GOALS, seedCampaign } from './seed-fixtures';

const input = (overrides: Partial<GoalExpressionInput>): GoalExpressionInput => ({
  groups: seedCampaign().goals,
  realizedStreamGoals: new Set(),
  adhocGoals: SEED_ADHOC_GOALS,
  adhocAnswers: new Map(),
  cachedTrue: new Set(),
  ...overrides,
});

describe('evaluateGoalExpression (seed 9001: [[101,102,1101],[103,1101]])', () => {
  it('Given only 101 realized, Then no ad-hoc check is asked and 101 is the completed goal', () => {
    expect(evaluateGoalExpression(input({ realizedStreamGoals: new Set([101]) }))).toEqual({
      kind: 'unsatisfied',
      completedGoals: [101],
      cacheTrue: [],
    });
  });

  it('Given 101 and 102 realized, Then the ad-hoc goal 1101 of group 1 is asked for', () => {
    const result = evaluateGoalExpression(input({ realizedStreamGoals: new Set([102, 101]) }));
    expect(result).toEqual({ kind: 'need-adhoc', goalId: 1101, groupId: 1 });
  });

  it('Given 101, 102 and 1101 answered true, Then group 1 is satisfied and 1101 is cached', () => {
    const result = evaluateGoalExpression(
      input({ realizedStreamGoals: new Set([102, 101]), adhocAnswers: new Map([[1101, true]]) }),
    );
    expect(result).toEqual({
      kind: 'satisfied',
      groupId: 1,
      completedGoals: [101, 102, 1101],
      cacheTrue: [1101],
    });
  });

  it('Given only 103 realized and 1101 already cached true, Then group 2 (the OR branch) holds without asking', () => {
    const result = evaluateGoalExpression(
      input({ realizedStreamGoals: new Set([103]), cachedTrue: new Set([1101]) }),
    );
    expect(result).toEqual({
      kind: 'satisfied',
      groupId: 2,
      completedGoals: [103, 1101],
      cacheTrue: [],
    });
  });

  it('Given 1101 answered false, Then no group holds and 1101 is not completed nor cached', () => {
    const result = evaluateGoalExpression(
      input({
        realizedStreamGoals: new Set([101, 102, 103]),
        adhocAnswers: new Map([[1101, false]]),
      }),
    );
    expect(result).toEqual({ kind: 'unsatisfied', completedGoals: [101, 102, 103], cacheTrue: [] });
  });

  it('Given an every-check goal in the cached set, Then it is asked again anyway', () => {
    const result = evaluateGoalExpression(
      input({
        realizedStreamGoals: new Set([103]),
        adhocGoals: new Map([[1101, 'every-check']]),
        cachedTrue: new Set([1101]),
      }),
    );
    expect(result).toEqual({ kind: 'need-adhoc', goalId: 1101, groupId: 2 });
  });

  it('Given two satisfiable groups, Then the first listed wins and later ad-hoc goals are never asked', () => {
    const groups = [
      { id: 1, rule: [101] },
      { id: 2, rule: [102, 1101] },
    ];
    const result = evaluateGoalExpression(
      input({ groups, realizedStreamGoals: new Set([101, 102]) }),
    );
    expect(result).toMatchObject({ kind: 'satisfied', groupId: 1, completedGoals: [101, 102] });
  });

  it('Given a realized stream goal the campaign does not use, Then it is not in Completed Goals', () => {
    const result = evaluateGoalExpression(input({ realizedStreamGoals: new Set([101, 999]) }));
    expect(result).toMatchObject({ completedGoals: [101] });
  });
});
