import type { StreamGoal } from '@tributary/schemas';
import { Money } from './money';
import type { Period } from './period-for';
import { idText } from './stream-config';
import type { StreamRow } from './stream-row';

/** A validated stream goal (C3) in the form the domain computes with. */
export interface GoalConfig {
  goalId: string;
  streamId: string;
  target: Money;
  type: 'amount' | 'times';
  /** R12: when set, only this client can realize the goal. */
  clientId?: string;
  trigger: 'when-reach' | 'after-full-end';
}

/** A goal realization row (C3): Client, Goal, Elapsed, Begin, End. */
export interface GoalRealization {
  clientId: string;
  goalId: string;
  streamId: string;
  elapsed: Date;
  period: Period;
}

export function toGoalConfig(goal: StreamGoal): GoalConfig {
  const config: GoalConfig = {
    goalId: idText(goal['goal-id']),
    streamId: idText(goal['stream-id']),
    target: new Money(String(goal.target)),
    type: goal.type,
    trigger: goal.trigger,
  };
  if (goal['client-id'] !== undefined) config.clientId = idText(goal['client-id']);
  return config;
}

/** R11: reached means value >= target, value being the row's Amount or Times. */
export function isReached(goal: GoalConfig, row: StreamRow): boolean {
  const value = goal.type === 'amount' ? row.amount : new Money(row.times);
  return value.gte(goal.target);
}

function appliesTo(goal: GoalConfig, row: StreamRow): boolean {
  return (
    goal.streamId === row.streamId &&
    (goal.clientId === undefined || goal.clientId === row.clientId)
  );
}

/**
 * R11 when-reach: the goals the record that produced `after` realizes. `realizedGoalIds` are the
 * goals already realized for this client and period, so a goal fires at most once per period and
 * a later decrease revokes nothing. The decision depends on the state, not on the previous
 * value: a goal defined while the value was already past its target fires on the next record.
 */
export function goalsRealizedByRecord(
  goals: readonly GoalConfig[],
  after: StreamRow,
  eventTime: Date,
  realizedGoalIds: ReadonlySet<string>,
): GoalRealization[] {
  return goals
    .filter((g) => g.trigger === 'when-reach' && appliesTo(g, after))
    .filter((g) => !realizedGoalIds.has(g.goalId) && isReached(g, after))
    .map((g) => realization(g, after, eventTime));
}

/** R11 after-full-end: evaluated once on the completed row; Elapsed is the Full End instant. */
export function goalsRealizedAtCompletion(
  goals: readonly GoalConfig[],
  completed: StreamRow,
): GoalRealization[] {
  return goals
    .filter((g) => g.trigger === 'after-full-end' && appliesTo(g, completed))
    .filter((g) => isReached(g, completed))
    .map((g) => realization(g, completed, completed.fullEndInstant));
}

function realization(goal: GoalConfig, row: StreamRow, elapsed: Date): GoalRealization {
  return {
    clientId: row.clientId,
    goalId: goal.goalId,
    streamId: row.streamId,
    elapsed,
    period: row.period,
  };
}
