import type { GoalExpressionResult } from './goal-expression';
import { nextRealization } from './realization-state';

const unsatisfied = (completedGoals: number[]): GoalExpressionResult & { kind: 'unsatisfied' } => ({
  kind: 'unsatisfied',
  completedGoals,
  cacheTrue: [],
});
const satisfied = (completedGoals: number[]): GoalExpressionResult & { kind: 'satisfied' } => ({
  kind: 'satisfied',
  groupId: 1,
  completedGoals,
  cacheTrue: [],
});

describe('nextRealization (R17)', () => {
  it('Given no row and no satisfied goal, Then no row is created', () => {
    expect(nextRealization(undefined, unsatisfied([]))).toEqual({
      kind: 'none',
      reason: 'no-goal-satisfied',
    });
  });

  it('Given no row and one satisfied goal, Then a partially-elapsed row is created', () => {
    expect(nextRealization(undefined, unsatisfied([101]))).toEqual({
      kind: 'partially-elapsed',
      completedGoals: [101],
      created: true,
    });
  });

  it('Given a partially-elapsed row and a new goal, Then it is updated; the same goals again change nothing', () => {
    const row = { status: 'partially-elapsed', completedGoals: [101] } as const;
    expect(nextRealization(row, unsatisfied([101, 102]))).toMatchObject({
      kind: 'partially-elapsed',
      created: false,
    });
    expect(nextRealization(row, unsatisfied([101]))).toEqual({ kind: 'none', reason: 'unchanged' });
  });

  it('Given a partially-elapsed row and a satisfied expression, Then it becomes elapsed', () => {
    const row = { status: 'partially-elapsed', completedGoals: [101] } as const;
    expect(nextRealization(row, satisfied([101, 102, 1101]))).toEqual({
      kind: 'elapsed',
      completedGoals: [101, 102, 1101],
      created: false,
    });
  });

  it('Given an elapsed row, Then nothing changes whatever happens (no second action)', () => {
    const row = { status: 'elapsed', completedGoals: [101, 102, 1101] } as const;
    expect(nextRealization(row, satisfied([101, 102, 103, 1101]))).toEqual({
      kind: 'none',
      reason: 'already-elapsed',
    });
  });
});
