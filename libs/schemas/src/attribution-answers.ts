import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ATTRIBUTION_MODEL_IDS } from './attribution';

/*
 * The answers of the attribution routes (attribution-engine's, and query-api's that serve the
 * same runs and results), as response schemas: one home for both services. The shapes are
 * libs/attribution-store's run-types.ts (AttributionRun, RunSnapshot, RunModelResult) and the
 * engine's evaluate answer.
 *
 * Fastify serializes a route's answer with its schema and DROPS members the schema does not
 * declare. Runs and results are nested and still growing (intervals, trend, validation,
 * markov_auto, spend, ROAS, CPA ...), and the dashboard reads them, so every object level whose
 * members may grow is open (`additionalProperties: true`): the known members are documented,
 * anything newer passes through as it is. Members a run stored before they existed may lack are
 * optional (a missing required member would fail the serialization). No pattern, format or range
 * here: an answer is documented, not validated.
 */

const open = { additionalProperties: true } as const;
/** A string from a list that may grow: documented as an enum, serialized as any string. */
const OneOf = (values: readonly string[], description?: string) =>
  Type.Unsafe<string>({ type: 'string', enum: [...values], ...(description && { description }) });
/**
 * OpenAPI 3.0's `nullable`, which the serializer honours (null stays null). Not a union with null:
 * the serializer picks a union's branch by validating the value, and fails when none matches.
 */
const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });
/**
 * A computed figure (share, score, probability, interval bound): null where it is undefined
 * (a NaN or infinity is stored as null). Declared nullable so a null is answered as null: the
 * serializer would turn it into 0 under a plain number.
 */
const Metric = Nullable(Type.Number());
/** A map: its keys are names (channels, models, days), not members. */
const MapOf = <T extends TSchema>(value: T, description: string) =>
  Type.Object({}, { additionalProperties: value, description });
const Decimal = Type.String({ description: 'decimal string, in the result currency' });

const ModelId = OneOf(ATTRIBUTION_MODEL_IDS);

const ModelFailure = Type.Object({ code: Type.String(), message: Type.String() }, open);

const MissingRate = Type.Object(
  { currency: Type.String(), day: Type.String(), count: Type.Number() },
  open,
);

const HeldOutScore = Type.Object({ log_loss: Metric, auc: Metric, journeys: Type.Number() }, open);

/** diagnostics.validation: the held-out check of the data-driven models. Open: may grow. */
const HeldOutReport = Type.Object(
  {
    seed: Type.Optional(Type.Number()),
    fraction: Type.Optional(Metric),
    train_journeys: Type.Optional(Type.Number()),
    test_journeys: Type.Optional(Type.Number()),
    scores: Type.Optional(MapOf(HeldOutScore, 'per model, and per Markov order as `markov:k`')),
    markov_auto_order: Type.Optional(Type.Number()),
  },
  open,
);

/** Open: the engine adds diagnostics; runs stored before a member existed lack it. */
const RunDiagnostics = Type.Object(
  {
    journeys: Type.Optional(Type.Number()),
    journeys_without_touches: Type.Optional(Type.Number()),
    non_converting_paths: Type.Optional(Type.Number()),
    distinct_paths: Type.Optional(Type.Number()),
    date_from: Type.Optional(Type.String()),
    date_to: Type.Optional(Type.String()),
    channels: Type.Optional(Type.Array(Type.String())),
    runtime_ms: Type.Optional(MapOf(Type.Number(), 'wall time by stage (query, each model, run)')),
    failures: Type.Optional(MapOf(ModelFailure, 'models that failed, by model')),
    spend_loaded: Type.Optional(Type.Boolean()),
    currency: Type.Optional(Type.String()),
    journeys_without_rate: Type.Optional(Type.Number()),
    missing_rates: Type.Optional(Type.Array(MissingRate)),
    spend_without_rate: Type.Optional(Type.Array(MissingRate)),
    validation: Type.Optional(HeldOutReport),
  },
  open,
);

const PositionWeights = Type.Object(
  { first: Type.Number(), middle: Type.Number(), last: Type.Number() },
  open,
);

/**
 * A run's options (its cache key). Open: options are added. All optional: old runs lack the newer
 * ones, and a run row's options are whatever was stored (`{}` too).
 */
const RunOptions = Type.Object(
  {
    models: Type.Optional(Type.Array(ModelId)),
    date_from: Type.Optional(Type.String()),
    date_to: Type.Optional(Type.String()),
    time_zone: Type.Optional(Type.String()),
    dimension: Type.Optional(OneOf(['channel', 'campaign'])),
    currency: Type.Optional(Type.String()),
    lookback_days: Type.Optional(Type.Number()),
    lookback_steps: Type.Optional(Type.Number()),
    transforms: Type.Optional(Type.Array(Type.String())),
    half_life: Type.Optional(Type.Number()),
    order: Type.Optional(Type.Number()),
    position_weights: Type.Optional(PositionWeights),
  },
  open,
);

const AttributionRunSchema = Type.Object(
  {
    run_id: Type.String(),
    trigger: OneOf(['schedule', 'http', 'cli']),
    status: OneOf(['running', 'succeeded', 'failed']),
    options: RunOptions,
    options_key: Type.String(),
    started_at: Type.String({ description: 'ISO 8601 instant' }),
    finished_at: Nullable(Type.String({ description: 'ISO 8601 instant' })),
    diagnostics: Nullable(RunDiagnostics),
    error: Nullable(ModelFailure),
  },
  // Open: a run may gain members.
  open,
);

/** A channel's credit; cost, ROAS and CPA with ad spend; `ci` on the data-driven models. Open. */
const ChannelCreditAnswer = Type.Object(
  {
    conversions: Type.Number(),
    revenue: Decimal,
    share: Metric,
    removal_effect: Type.Optional(Metric),
    cost: Type.Optional(Decimal),
    roas: Type.Optional(Metric),
    cpa: Type.Optional(Nullable(Decimal)),
    ci: Type.Optional(
      Type.Object(
        {
          conversions: Type.Object({ ci_low: Metric, ci_high: Metric }, open),
          revenue: Type.Object({ ci_low: Decimal, ci_high: Decimal }, open),
        },
        { ...open, description: 'bootstrap interval (percentile, bootstrap.level)' },
      ),
    ),
  },
  open,
);

const MarkovDiagnosticsAnswer = Type.Object(
  {
    states: Type.Number(),
    transitions: Type.Number(),
    solver: OneOf(['dense-lu', 'gauss-seidel']),
    conversion_probability: Metric,
  },
  open,
);

const ModelOptionsAnswer = Type.Object(
  {
    transforms: Type.Optional(Type.Array(Type.String())),
    lookback_steps: Type.Optional(Type.Number()),
    order: Type.Optional(Type.Number()),
    half_life: Type.Optional(Type.Number()),
    position_weights: Type.Optional(PositionWeights),
  },
  open,
);

/** One model's result (RunModelResult; the evaluate answer's results too). Open: it grows. */
const ModelResultSchema = Type.Object(
  {
    model: ModelId,
    options: Type.Optional(ModelOptionsAnswer),
    total_conversions: Type.Number(),
    total_revenue: Decimal,
    channels: MapOf(ChannelCreditAnswer, 'credit by channel (or campaign)'),
    removal_effects: Type.Optional(MapOf(Metric, 'by channel')),
    transition_matrix: Type.Optional(MapOf(MapOf(Metric, 'probability by next state'), 'by state')),
    markov: Type.Optional(MarkovDiagnosticsAnswer),
    currency: Type.Optional(Type.String()),
    total_cost: Type.Optional(Decimal),
    bootstrap: Type.Optional(
      Type.Object(
        {
          replicates: Type.Number(),
          level: Metric,
          seed: Type.Number(),
          overlapping_pairs: Type.Array(Type.Array(Type.String()), {
            description: 'channel pairs whose conversion intervals overlap',
          }),
        },
        open,
      ),
    ),
    trend: Type.Optional(
      Type.Array(
        Type.Object(
          {
            day: Type.String(),
            total_conversions: Type.Number(),
            total_revenue: Decimal,
            channels: MapOf(
              Type.Object({ conversions: Type.Number(), revenue: Decimal }, open),
              'by channel',
            ),
          },
          open,
        ),
        { description: 'attributed conversions and revenue per local day of the window' },
      ),
    ),
    markov_auto: Type.Optional(
      Type.Object(
        {
          order: Type.Number(),
          seed: Type.Number(),
          scores: MapOf(HeldOutScore, 'held-out score by order'),
        },
        open,
      ),
    ),
  },
  open,
);

const ResultsByModel = MapOf(ModelResultSchema, 'by model id, and `markov_auto`');
const Source = OneOf(['cache', 'warehouse'], 'where the answer was read');

// Exported widened (TSchema): the routes answer stored JSON, whose TypeScript types (readonly,
// optional members) the inferred static types would not accept, and inferring them is deep.

/** An attribution run (AttributionRun). */
export const AttributionRunAnswer: TSchema = AttributionRunSchema;

/** One model's result (RunModelResult). */
export const AttributionModelResultAnswer: TSchema = ModelResultSchema;

/**
 * A run with every model's result (RunSnapshot): GET .../runs/:id, GET .../results (`source`:
 * attribution-engine's, where it read them) and POST .../runs?wait=true.
 */
export const AttributionSnapshotAnswer: TSchema = Type.Object(
  {
    run: AttributionRunSchema,
    results: ResultsByModel,
    source: Type.Optional(Source),
  },
  open,
);

/** POST /v1/attribution/runs without `wait`: the run started (202). */
export const AttributionRunStartedAnswer: TSchema = Type.Object(
  { run: AttributionRunSchema },
  open,
);

/**
 * GET /v1/attribution/results/:model: the run and that model's result; query-api also names the
 * model (`model`) and the name asked for (`requested`, e.g. `smart`), attribution-engine where it
 * read them (`source`).
 */
export const AttributionModelResultOfRunAnswer: TSchema = Type.Object(
  {
    model: Type.Optional(ModelId),
    requested: Type.Optional(Type.String()),
    run: AttributionRunSchema,
    result: ModelResultSchema,
    source: Type.Optional(Source),
  },
  open,
);

/** GET /v1/attribution/models; query-api adds which model `smart` names. */
export const AttributionModelsAnswer: TSchema = Type.Object(
  {
    smart: Type.Optional(ModelId),
    models: Type.Array(
      Type.Object(
        {
          id: ModelId,
          kind: OneOf(['rule-based', 'data-driven']),
          runs_as: OneOf(['sql', 'typescript']),
          options: Type.Array(Type.String(), { description: 'the options the model reads' }),
          description: Type.String(),
        },
        open,
      ),
    ),
  },
  open,
);

/** POST /v1/attribution/evaluate: one model's result, or (`model: all`) every model's. */
export const AttributionEvaluateAnswer: TSchema = Type.Union([
  ModelResultSchema,
  Type.Object(
    {
      results: MapOf(ModelResultSchema, 'by model id'),
      failures: MapOf(ModelFailure, 'models that cannot run on this input, with the reason'),
    },
    open,
  ),
]);
