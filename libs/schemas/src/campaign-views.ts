import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * What the campaign services answer on their read routes, with the seed's column names
 * (kebab-case, docs/api.md): one schema per row, used by the services' response schemas (which
 * Fastify serializes with) and by query-api's OpenAPI document of the routes it forwards.
 */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date' });
const Instant = Type.String({ format: 'date-time' });
const Decimal = Type.String({ description: 'exact decimal text' });

/** A stream data row (C2) with the seed's column names. */
export const StreamDataRow = Type.Object({
  client: Type.String(),
  stream: Type.String(),
  state: Type.String(),
  currency: Type.String(),
  begin: Day,
  end: Day,
  'full-end': Day,
  amount: Decimal,
  times: Type.Integer(),
  'begin-instant': Instant,
  'end-instant': Instant,
  'full-end-instant': Instant,
});
/** One ledger entry: a record as applied to (or kept out of) a stream data row. */
export const LedgerRow = Type.Object({
  'ledger-id': Type.String(),
  stream: Type.String(),
  client: Type.String(),
  topic: Type.String(),
  partition: Type.Integer(),
  offset: Type.String(),
  'record-id': Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  'event-time': Instant,
  'original-amount': Decimal,
  'original-currency': Type.String(),
  'fx-rate': Decimal,
  'converted-amount': Decimal,
  currency: Type.String(),
  applied: Type.Boolean(),
  'period-begin-instant': Type.Union([Instant, Type.Null()]),
  'period-end-instant': Type.Union([Instant, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
  'recorded-at': Instant,
});
/** A goal realization (C4) with the seed's column names. */
export const GoalRealizationRow = Type.Object({
  client: Type.String(),
  goal: Type.String(),
  elapsed: Instant,
  begin: Day,
  end: Day,
  stream: Type.String(),
  trigger: Type.String(),
  'realization-id': Type.String(),
  'begin-instant': Instant,
  'end-instant': Instant,
  value: Decimal,
});
export const StreamValue = Type.Object({
  'goal-id': Type.String(),
  'client-id': Type.String(),
  'stream-id': Type.String(),
  type: Type.String(),
  trigger: Type.String(),
  begin: Day,
  end: Day,
  state: Type.Union([Type.String(), Type.Null()]),
  value: Decimal,
  target: Decimal,
  missing: Type.Union([Decimal, Type.Null()]),
  applies: Type.Boolean(),
  reached: Type.Boolean(),
  realized: Type.Boolean(),
});

/** A participation (C7) with the seed's column names. */
export const ParticipationRow = Type.Object({
  client: Type.String(),
  campaign: Type.Integer(),
  status: Type.Union([Type.Literal('joined'), Type.Literal('exited')]),
  'joined-at': Instant,
  'join-info': Nullable(Type.Object({}, { additionalProperties: true })),
});
/** A participation just recorded, with the evaluations it started (R21). */
export const ParticipationRecorded = Type.Object({
  ...ParticipationRow.properties,
  evaluations: Type.Array(Type.String()),
});
/** A campaign realization (C8) with the seed's column names. */
export const CampaignRealizationRow = Type.Object({
  client: Type.String(),
  campaign: Type.Integer(),
  status: Type.String(),
  begin: Type.String({ format: 'date' }),
  end: Type.String({ format: 'date' }),
  'begin-instant': Instant,
  'end-instant': Instant,
  'completed-goals': Type.Array(Type.Integer()),
  earning: Nullable(
    Type.Object({ currency: Type.String(), amount: Type.String(), ratio: Type.String() }),
  ),
  'elapsed-at': Nullable(Instant),
  'action-result': Type.Unknown({ description: 'what the action URL answered, as it was kept' }),
});
/** An action call in the outbox. */
export const OutboxRow = Type.Object({
  id: Type.String(),
  'client-id': Type.String(),
  'campaign-id': Type.Integer(),
  'idempotency-key': Type.String(),
  url: Type.String(),
  method: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  'next-attempt-at': Instant,
  'last-status': Nullable(Type.Integer()),
  'last-error': Nullable(Type.String()),
  'body-excerpt': Nullable(Type.String()),
});

/** What POST /v1/goals/{id}/check answers: is the goal met for the client now, and if not why. */
export const GoalCheckAnswer = Type.Object({
  'goal-id': Type.String(),
  'client-id': Type.String(),
  result: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});
/** The campaign clock (R4): system time, or the replay clock an admin moves. */
export const ClockState = Type.Object({
  mode: Type.Union([Type.Literal('system'), Type.Literal('replay')]),
  now: Instant,
  completed: Type.Optional(
    Type.Integer({ description: 'stream periods the move closed (POST only)' }),
  ),
});
/** What a completion sweep did (R7). */
export const SweepAnswer = Type.Object({
  completed: Type.Integer(),
  realized: Type.Integer(),
  now: Instant,
});

export type StreamDataRow = Static<typeof StreamDataRow>;
export type LedgerRow = Static<typeof LedgerRow>;
export type GoalRealizationRow = Static<typeof GoalRealizationRow>;
export type StreamValue = Static<typeof StreamValue>;
export type ParticipationRow = Static<typeof ParticipationRow>;
export type CampaignRealizationRow = Static<typeof CampaignRealizationRow>;
export type OutboxRow = Static<typeof OutboxRow>;
