import { Type, type Static } from '@sinclair/typebox';
import { SeedId } from './campaign-streams';
import { compileValidator, type Validated } from './validation';

/** Goal definitions of the campaign seed (002), keys kebab-case exactly as the seed writes them. */

/** A non-negative decimal, as a string ("1000") or a JSON number. */
export const GoalTarget = Type.Union([
  Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,6})?$' }),
  Type.Number({ minimum: 0, maximum: 1e15 }),
]);

export const StreamGoal = Type.Object(
  {
    'goal-id': SeedId,
    source: Type.Literal('stream'),
    'stream-id': SeedId,
    target: GoalTarget,
    type: Type.Union([Type.Literal('amount'), Type.Literal('times')]),
    'client-id': Type.Optional(SeedId),
    trigger: Type.Union([Type.Literal('when-reach'), Type.Literal('after-full-end')]),
  },
  { additionalProperties: false },
);
export type StreamGoal = Static<typeof StreamGoal>;

const Validation = Type.Union([Type.Literal('first-check'), Type.Literal('every-check')]);
export type AdhocValidation = Static<typeof Validation>;

export const AdhocGoal = Type.Object(
  {
    'goal-id': SeedId,
    source: Type.Literal('adhoc'),
    /** URL template with {{clientid}} or {{client-id}}; https:// is assumed without a scheme. */
    query: Type.String({ minLength: 1, maxLength: 2048 }),
    /** A mathjs expression over `response`; empty or absent means "a boolean body or a 2xx". */
    expression: Type.Optional(Type.String({ maxLength: 2000 })),
    'campaign-validation': Type.Optional(Validation),
    /** The seed's own spelling (R25); one of the two keys is required. */
    'campaing-validation': Type.Optional(Validation),
  },
  { additionalProperties: false },
);
export type AdhocGoal = Static<typeof AdhocGoal>;

export const GoalDefinition = Type.Union([StreamGoal, AdhocGoal]);
export type GoalDefinition = Static<typeof GoalDefinition>;

const streamGoalValidator = compileValidator(StreamGoal);
const adhocGoalValidator = compileValidator(AdhocGoal);

/** Checks the shape of a goal, choosing the schema by `source` so errors name the real field. */
export function checkGoalDefinitionShape(input: unknown): Validated<GoalDefinition> {
  const source =
    typeof input === 'object' && input !== null
      ? (input as { source?: unknown }).source
      : undefined;
  if (source === 'stream') return streamGoalValidator.check(input);
  if (source === 'adhoc') return adhocGoalValidator.check(input);
  return { ok: false, issues: [{ path: '/source', message: 'must be "stream" or "adhoc"' }] };
}

/** The validation mode whichever spelling was used (R25); undefined when neither was given. */
export function adhocValidationOf(goal: AdhocGoal): AdhocValidation | undefined {
  return goal['campaign-validation'] ?? goal['campaing-validation'];
}

/**
 * Header of `POST /v1/goals/{id}/check`: how many more milliseconds the caller waits for the
 * answer, counted from when the request arrives (relative, so the hosts' clocks need not agree).
 * campaign-goals ends its work on the check, retries included, by then (issue 16).
 */
export const ADHOC_DEADLINE_HEADER = 'x-tributary-deadline-ms';
