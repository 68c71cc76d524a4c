import { Type, type Static } from '@sinclair/typebox';
import { ClientId, EntityId } from './ids';

/**
 * `goals.achieved`: one message per stream goal realization, published by campaign-goals after
 * the realization row is committed, keyed by client id (so one client's goals stay in order).
 * campaign-core consumes it; `realization-id` is the idempotency key.
 */
export const GoalAchievedMessage = Type.Object(
  {
    'realization-id': Type.String({ minLength: 1, maxLength: 200 }),
    'goal-id': EntityId,
    'stream-id': EntityId,
    'client-id': ClientId,
    trigger: Type.Union([Type.Literal('when-reach'), Type.Literal('after-full-end')]),
    /** The goal's period: local dates as the seed shows them, and the exact instants. */
    begin: Type.String({ format: 'date' }),
    end: Type.String({ format: 'date' }),
    'begin-instant': Type.String({ format: 'date-time' }),
    'end-instant': Type.String({ format: 'date-time' }),
    'full-end-instant': Type.String({ format: 'date-time' }),
    /** When the goal was reached (event time, or the Full End instant for after-full-end). */
    elapsed: Type.String({ format: 'date-time' }),
    /** The stream value (amount as a decimal string, or times) that reached the target. */
    value: Type.String(),
  },
  { additionalProperties: false },
);
export type GoalAchievedMessage = Static<typeof GoalAchievedMessage>;

export const GOALS_ACHIEVED_TOPIC = 'goals.achieved';
