import { performance } from 'node:perf_hooks';
import {
  publishRun,
  type AttributionRun,
  type ModelFailure,
  type RunModelResult,
  type RunSnapshot,
} from '@tributary/attribution-store';
import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { currencyMinorUnits, type AttributionModelId } from '@tributary/schemas';
import { spendByChannel } from '../adapters/ad-spend';
import { countJourneys, loadPathSummary, withTouches } from '../adapters/journey-touches';
import { journeysWithoutRate } from '../adapters/missing-rates';
import { completeRun, failRun } from '../adapters/run-repository';
import { isSqlModel, runSqlModel } from '../adapters/rule-based-sql';
import { addSpend } from '../domain/add-spend';
import { MODELS, optionsFor } from '../domain/attribute';
import { AttributionError } from '../domain/attribution-error';
import { channelsOf } from '../domain/path-summary';
import {
  runAnalytics,
  DEFAULT_ANALYTICS,
  type AnalyticsSettings,
} from '../domain/uncertainty/run-analytics';
import { loadDailySummaries } from '../adapters/daily-summaries';

export interface RunDeps {
  readonly pool: Pool;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Bootstrap replicates and the seed of the intervals and held-out check (default 200, 1). */
  readonly analytics?: AnalyticsSettings;
  /** Test seam: awaited after the run is stored in PostgreSQL, before readers switch to it. */
  readonly beforePublish?: (runId: string) => Promise<void>;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

async function computeResults(deps: RunDeps, run: AttributionRun) {
  const { options } = run;
  const begun = performance.now();
  return withTouches(deps.pool, options, async (touches) => {
    const runtime: Record<string, number> = { touches: elapsed(begun) };
    let t0 = performance.now();
    const counts = await countJourneys(touches);
    const summary = await loadPathSummary(touches);
    runtime.path_summary = elapsed(t0);
    const channels = channelsOf(summary);
    const results: Partial<Record<AttributionModelId, RunModelResult>> = {};
    const failures: Partial<Record<AttributionModelId, ModelFailure>> = {};
    const spend = await spendByChannel(touches.client, options);
    const costs = spend.costs;
    const withoutRate = await journeysWithoutRate(touches.client, options);
    const currency = options.currency;
    const minorUnits = currencyMinorUnits(currency ?? 'XXX');
    const finish = (result: RunModelResult): RunModelResult => ({
      ...addSpend(result, costs, minorUnits),
      ...(currency && { currency }),
    });
    const resolved = {
      ...options,
      transforms: [...options.transforms],
      lookback_steps: options.lookback_steps ?? 0,
    };
    for (const model of options.models) {
      t0 = performance.now();
      try {
        const result = isSqlModel(model)
          ? await runSqlModel(touches, model, counts, channels)
          : MODELS[model](summary, optionsFor(model, resolved));
        results[model] = finish(result);
      } catch (error) {
        if (!(error instanceof AttributionError)) throw error;
        failures[model] = { code: error.code, message: error.message };
      }
      runtime[model] = elapsed(t0);
    }
    t0 = performance.now();
    const days = await loadDailySummaries(touches);
    runtime.daily_summaries = elapsed(t0);
    const analytics = runAnalytics(
      summary,
      days,
      results,
      (model) => optionsFor(model, resolved),
      deps.analytics ?? DEFAULT_ANALYTICS,
      finish,
    );
    Object.assign(runtime, analytics.runtime);
    const diagnostics = {
      journeys: counts.converting,
      journeys_without_touches: counts.converting_without_touches,
      non_converting_paths: counts.non_converting,
      distinct_paths: summary.rows.length,
      date_from: options.date_from,
      date_to: options.date_to,
      channels,
      runtime_ms: runtime,
      failures,
      spend_loaded: costs.size > 0,
      ...(currency && {
        currency,
        journeys_without_rate: withoutRate.reduce((sum, m) => sum + m.count, 0),
        missing_rates: withoutRate,
        spend_without_rate: spend.withoutRate,
      }),
      ...(analytics.validation && { validation: analytics.validation }),
    };
    return { results: analytics.results, diagnostics };
  });
}

/**
 * One run, already recorded as `running`: touches -> path summary -> models (rule-based in SQL,
 * data-driven in TypeScript) -> PostgreSQL (one transaction) -> Redis (version hash, then the
 * pointer switch). A failure marks the run failed and leaves the previous result served.
 */
export async function executeRun(deps: RunDeps, run: AttributionRun): Promise<RunSnapshot> {
  const log = deps.logger.child({ run_id: run.run_id });
  const started = performance.now();
  try {
    const { results, diagnostics } = await computeResults(deps, run);
    const snapshot: RunSnapshot = {
      run: {
        ...run,
        status: 'succeeded',
        finished_at: deps.now().toISOString(),
        diagnostics: {
          ...diagnostics,
          runtime_ms: { ...diagnostics.runtime_ms, total: elapsed(started) },
        },
      },
      results,
    };
    await completeRun(deps.pool, snapshot);
    await deps.beforePublish?.(run.run_id);
    await publishRun(deps.redis, snapshot);
    if (diagnostics.journeys_without_rate) {
      log.warn(
        { journeys: diagnostics.journeys_without_rate, missing: diagnostics.missing_rates },
        'attribution run left out the revenue of journeys without an FX rate',
      );
    }
    log.info(
      { journeys: diagnostics.journeys, paths: diagnostics.distinct_paths, ms: elapsed(started) },
      'attribution run succeeded',
    );
    return snapshot;
  } catch (err) {
    log.error({ err }, 'attribution run failed');
    const failure =
      err instanceof AttributionError
        ? { code: err.code, message: err.message }
        : { code: 'internal', message: 'the run failed; see the logs' };
    await failRun(deps.pool, run.run_id, deps.now(), failure).catch((e: unknown) =>
      log.error({ err: e }, 'could not record the failed run'),
    );
    throw err;
  }
}
