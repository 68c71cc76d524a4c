import { Type, type Static } from '@sinclair/typebox';
import { compileValidator } from './validation';

/**
 * Attribution: the path-summary input, the model options and the result shape. The domain in
 * services/attribution-engine validates rows itself (to name row and column in errors); these
 * schemas serve HTTP routes, OpenAPI and the shared TypeScript types.
 */
export const ATTRIBUTION_MODEL_IDS = [
  'first_touch',
  'last_touch',
  'linear',
  'position_based',
  'time_decay',
  'markov',
  'shapley',
  'fractribution',
] as const;
export type AttributionModelId = (typeof ATTRIBUTION_MODEL_IDS)[number];
export const AttributionModelId = Type.Union(ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)));

const Count = Type.Integer({ minimum: 0 });
const DecimalString = Type.String({ pattern: '^\\d{1,15}(\\.\\d{1,6})?$' });

/** One path-summary row as callers send it (JSON); fractribution's column names are accepted. */
export const PathSummaryInputRow = Type.Object(
  {
    path: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })]),
    conversions: Type.Optional(Count),
    nulls: Type.Optional(Count),
    total_conversions: Type.Optional(Count),
    total_non_conversions: Type.Optional(Count),
    revenue: Type.Optional(Type.Union([DecimalString, Type.Number({ minimum: 0 })])),
    days_before_conversion: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.Number({ minimum: 0 }))]),
    ),
  },
  { additionalProperties: false },
);
export type PathSummaryInputRow = Static<typeof PathSummaryInputRow>;

export const PositionWeights = Type.Object(
  {
    first: Type.Number({ minimum: 0, maximum: 1 }),
    middle: Type.Number({ minimum: 0, maximum: 1 }),
    last: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type PositionWeights = Static<typeof PositionWeights>;

/** Every option that changes a result; all of them belong to a run's identity and cache key. */
export const AttributionOptions = Type.Object(
  {
    transforms: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 20 })),
    lookback_steps: Type.Optional(Type.Integer({ minimum: 1 })),
    order: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    half_life: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    position_weights: Type.Optional(PositionWeights),
  },
  { additionalProperties: false },
);
export type AttributionOptions = Static<typeof AttributionOptions>;

export const ChannelCredit = Type.Object({
  conversions: Type.Number(),
  revenue: DecimalString,
  share: Type.Number({ minimum: 0, maximum: 1 }),
  removal_effect: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});
export type ChannelCredit = Static<typeof ChannelCredit>;

export const MarkovDiagnostics = Type.Object({
  states: Type.Integer(),
  transitions: Type.Integer(),
  solver: Type.Union([Type.Literal('dense-lu'), Type.Literal('gauss-seidel')]),
  conversion_probability: Type.Number(),
});
export type MarkovDiagnostics = Static<typeof MarkovDiagnostics>;

export const AttributionResult = Type.Object({
  model: AttributionModelId,
  options: AttributionOptions,
  total_conversions: Type.Number(),
  total_revenue: DecimalString,
  channels: Type.Record(Type.String(), ChannelCredit),
  removal_effects: Type.Optional(Type.Record(Type.String(), Type.Number())),
  transition_matrix: Type.Optional(
    Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  ),
  markov: Type.Optional(MarkovDiagnostics),
});
export type AttributionResult = Static<typeof AttributionResult>;

/** Body of `POST /v1/attribution/evaluate`: run a model on a caller-supplied path summary. */
export const AttributionEvaluateRequest = Type.Object(
  {
    model: Type.Union([AttributionModelId, Type.Literal('all')]),
    options: Type.Optional(AttributionOptions),
    rows: Type.Array(PathSummaryInputRow, { minItems: 1, maxItems: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type AttributionEvaluateRequest = Static<typeof AttributionEvaluateRequest>;

export const attributionResultValidator = compileValidator(AttributionResult);
export const attributionEvaluateRequestValidator = compileValidator(AttributionEvaluateRequest);
