import { Type, type Static } from '@sinclair/typebox';
import { PositionWeights } from '@tributary/schemas';

/** Body of POST /v1/attribution/runs; every field falls back to the service's configured default. */
export const RunRequestBody = Type.Object(
  {
    models: Type.Optional(
      Type.Union([
        Type.Literal('all'),
        Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 8 }),
      ]),
    ),
    date_from: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive, in time_zone' })),
    date_to: Type.Optional(Type.String({ description: 'YYYY-MM-DD, inclusive, in time_zone' })),
    time_zone: Type.Optional(Type.String({ minLength: 1 })),
    dimension: Type.Optional(Type.String()),
    currency: Type.Optional(
      Type.String({ description: 'reporting currency, ISO 4217 (default: the configured one)' }),
    ),
    lookback_days: Type.Optional(Type.Number()),
    lookback_steps: Type.Optional(Type.Number()),
    transforms: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 20 })),
    half_life: Type.Optional(Type.Number()),
    order: Type.Optional(Type.Number()),
    position_weights: Type.Optional(PositionWeights),
  },
  { additionalProperties: false },
);
export type RunRequestBody = Static<typeof RunRequestBody>;
