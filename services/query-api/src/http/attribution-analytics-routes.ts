import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { RunModelResult, RunResultId } from '@tributary/attribution-store';
import { truthTable } from '@tributary/demo-data';
import { badRequest, HttpError, notFound, type HttpApp } from '@tributary/http';
import { ATTRIBUTION_MODEL_IDS, type AttributionModelId } from '@tributary/schemas';
import type { AttributionResults, RunBodies } from '../adapters/attribution-results';
import type { StoreGuard } from './store-guard';

export interface AttributionAnalyticsDeps {
  results: AttributionResults;
  guard: StoreGuard;
  smartModel: AttributionModelId;
  /** The demo generator's truth.json (ATTRIBUTION_TRUTH_FILE); unset: no truth route answers. */
  truthFile?: string | undefined;
}

const ResultName = Type.Union(
  [
    Type.Literal('smart'),
    Type.Literal('markov_auto'),
    ...ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)),
  ],
  { description: 'a model id, `smart` (the data-driven default) or `markov_auto`' },
);
const RunIdField = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: 'a past run (default: the latest)' }),
);
const TrendQuery = Type.Object({ model: ResultName, run_id: RunIdField });
const CompareQuery = Type.Object({ a: ResultName, b: ResultName, run_id: RunIdField });
const RunQuery = Type.Object({ run_id: RunIdField });

const Decimal = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });
const Currency = Type.Union([Type.String({ pattern: '^[A-Z]{3}$' }), Type.Null()], {
  description: 'the reporting currency of every amount (null on runs made before it existed)',
});
const DayCredit = Type.Object({
  day: Type.String({ format: 'date' }),
  total_conversions: Type.Number(),
  total_revenue: Decimal,
  channels: Type.Record(
    Type.String(),
    Type.Object({ conversions: Type.Number(), revenue: Decimal }),
  ),
});
const TrendAnswer = Type.Object({
  run_id: Type.String(),
  model: Type.String(),
  currency: Currency,
  days: Type.Array(DayCredit),
});
const Side = Type.Object({ conversions: Type.Number(), revenue: Decimal, share: Type.Number() });
const CompareAnswer = Type.Object({
  run_id: Type.String(),
  a: Type.String(),
  b: Type.String(),
  currency: Currency,
  channels: Type.Array(
    Type.Object({
      channel: Type.String(),
      a: Side,
      b: Side,
      /** b minus a */
      difference: Side,
    }),
  ),
});
const Score = Type.Object({ log_loss: Type.Number(), auc: Type.Number(), journeys: Type.Number() });
const ValidationAnswer = Type.Object({
  run_id: Type.String(),
  validation: Type.Union([
    Type.Null(),
    Type.Object({
      seed: Type.Number(),
      fraction: Type.Number(),
      train_journeys: Type.Number(),
      test_journeys: Type.Number(),
      scores: Type.Record(Type.String(), Score),
      markov_auto_order: Type.Integer({ minimum: 1, maximum: 4 }),
    }),
  ]),
});
export type CompareAnswer = Static<typeof CompareAnswer>;
/** The part of the demo generator's truth.json the truth table reads. */
const TruthFile = Type.Object({
  touchConversion: Type.Record(
    Type.String({ minLength: 1, maxLength: 200 }),
    Type.Object({
      touches: Type.Integer({ minimum: 0 }),
      converted: Type.Integer({ minimum: 0 }),
    }),
  ),
});
const TruthCell = Type.Object({
  share: Type.Number({ description: "the model's share of the run's conversions" }),
  error: Type.Number({ description: 'the model share minus the true share' }),
});
const TruthAnswer = Type.Object({
  run_id: Type.String(),
  models: Type.Array(Type.String()),
  channels: Type.Array(
    Type.Object({
      channel: Type.String(),
      true_conversions: Type.Integer(),
      true_share: Type.Number(),
      models: Type.Record(Type.String(), TruthCell),
    }),
  ),
  mean_absolute_error: Type.Record(Type.String(), Type.Number()),
});
export type TruthAnswer = Static<typeof TruthAnswer>;

const tags = ['attribution'];
const viewer = { access: { role: 'viewer' as const } };

/** `12.5` - `3.25` exactly, on scaled integers (amounts are plain decimal strings). */
export function subtractDecimal(a: string, b: string): string {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const scaled = (v: string) => {
    const [whole = '0', fraction = ''] = v.split('.');
    return BigInt(whole + fraction.padEnd(scale, '0'));
  };
  const diff = scaled(b) - scaled(a);
  const sign = diff < 0n ? '-' : '';
  const digits = (diff < 0n ? -diff : diff).toString().padStart(scale + 1, '0');
  if (scale === 0) return `${sign}${digits}`;
  const fraction = digits.slice(-scale).replace(/0+$/, '');
  const whole = digits.slice(0, -scale);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Channels of `a` and `b` side by side with b - a (conversions, exact revenue, share). */
export function compareResults(a: RunModelResult, b: RunModelResult): CompareAnswer['channels'] {
  const names = [...new Set([...Object.keys(a.channels), ...Object.keys(b.channels)])].sort();
  const side = (r: RunModelResult, name: string) => {
    const c = r.channels[name];
    return { conversions: c?.conversions ?? 0, revenue: c?.revenue ?? '0', share: c?.share ?? 0 };
  };
  return names.map((channel) => {
    const x = side(a, channel);
    const y = side(b, channel);
    return {
      channel,
      a: x,
      b: y,
      difference: {
        conversions: y.conversions - x.conversions,
        revenue: subtractDecimal(x.revenue, y.revenue),
        share: y.share - x.share,
      },
    };
  });
}

/**
 * Each model of a run beside the generator's truth: per channel the model's share, the true share
 * and the error; a channel a model credits but the truth does not know has a true share of 0.
 */
export function truthAnswer(
  truth: Static<typeof TruthFile>,
  runId: string,
  results: Readonly<Partial<Record<string, RunModelResult>>>,
): TruthAnswer {
  const models = Object.fromEntries(
    Object.entries(results)
      .filter((entry): entry is [string, RunModelResult] => entry[1] !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const touchConversion = { ...truth.touchConversion };
  for (const result of Object.values(models))
    for (const channel of Object.keys(result.channels))
      touchConversion[channel] ??= { touches: 0, converted: 0 };
  const table = truthTable({ touchConversion }, models);
  return {
    run_id: runId,
    models: Object.keys(models),
    channels: table.rows.map((row) => ({
      channel: row.channel,
      true_conversions: touchConversion[row.channel]?.converted ?? 0,
      true_share: row.true_share,
      models: { ...row.models },
    })),
    mean_absolute_error: table.mean_absolute_error,
  };
}

/** The truth file's content, validated; a missing file answers 404, a malformed one 500. */
async function readTruth(file: string | undefined): Promise<Static<typeof TruthFile>> {
  if (file === undefined) throw notFound('attribution truth (ATTRIBUTION_TRUTH_FILE unset)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('attribution truth file');
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Value.Check(TruthFile, parsed))
    throw new HttpError('INTERNAL', 'the attribution truth file is not a valid truth.json');
  return parsed;
}

/** Trends, model comparisons and the held-out check, read from a stored run. */
export function registerAttributionAnalyticsRoutes(
  app: HttpApp,
  deps: AttributionAnalyticsDeps,
): void {
  const { results, guard } = deps;
  const bodiesOf = async (runId: string | undefined): Promise<RunBodies> => {
    const bodies =
      runId === undefined
        ? (results.peek?.() ?? (await guard('redis', () => results.latest())))
        : await guard('postgres', () => results.ofRun(runId));
    if (!bodies)
      throw notFound(
        runId === undefined ? 'attribution run' : `results of attribution run ${runId}`,
      );
    return bodies;
  };
  const resultOf = (bodies: RunBodies, name: Static<typeof ResultName>) => {
    const id: RunResultId = name === 'smart' ? deps.smartModel : name;
    const result = bodies.snapshot.results[id];
    if (!result) throw notFound(`result of model ${id} in run ${bodies.runId}`);
    return { id, result };
  };
  const currencyOf = (bodies: RunBodies, result: RunModelResult) =>
    result.currency ?? bodies.snapshot.run.options.currency ?? null;

  app.get(
    '/v1/attribution/trends',
    {
      schema: {
        tags,
        summary:
          "one model's attributed conversions and revenue per channel and local day of the run's window",
        querystring: TrendQuery,
        response: { 200: TrendAnswer },
      },
      config: viewer,
    },
    async (request) => {
      const bodies = await bodiesOf(request.query.run_id);
      const { id, result } = resultOf(bodies, request.query.model);
      return {
        run_id: bodies.runId,
        model: id,
        currency: currencyOf(bodies, result),
        days: [...(result.trend ?? [])],
      };
    },
  );

  app.get(
    '/v1/attribution/compare',
    {
      schema: {
        tags,
        summary: 'two models side by side per channel, with the difference (b - a)',
        querystring: CompareQuery,
        response: { 200: CompareAnswer },
      },
      config: viewer,
    },
    async (request) => {
      const { a, b, run_id } = request.query;
      if (a === b) throw badRequest('a and b must name two different models');
      const bodies = await bodiesOf(run_id);
      const left = resultOf(bodies, a);
      const right = resultOf(bodies, b);
      return {
        run_id: bodies.runId,
        a: left.id,
        b: right.id,
        currency: currencyOf(bodies, left.result),
        channels: compareResults(left.result, right.result),
      };
    },
  );

  app.get(
    '/v1/attribution/validation',
    {
      schema: {
        tags,
        summary:
          'held-out (80/20) log-loss and AUC of the data-driven models and of each Markov order, and the order markov_auto chose',
        querystring: RunQuery,
        response: { 200: ValidationAnswer },
      },
      config: viewer,
    },
    async (request) => {
      const bodies = await bodiesOf(request.query.run_id);
      return {
        run_id: bodies.runId,
        validation: bodies.snapshot.run.diagnostics?.validation ?? null,
      };
    },
  );

  app.get(
    '/v1/attribution/truth',
    {
      schema: {
        tags,
        summary:
          "demo only: each model's share per channel beside the synthetic data's true share and the error (404 without ATTRIBUTION_TRUTH_FILE)",
        querystring: RunQuery,
        response: { 200: TruthAnswer },
      },
      config: viewer,
    },
    async (request) => {
      const truth = await readTruth(deps.truthFile);
      const bodies = await bodiesOf(request.query.run_id);
      return truthAnswer(truth, bodies.runId, bodies.snapshot.results);
    },
  );
}
