import { performance } from 'node:perf_hooks';
import type { HeldOutReport, RunModelResult, RunResultId } from '@tributary/attribution-store';
import type { AttributionModelId, AttributionOptions } from '@tributary/schemas';
import { MODELS } from '../attribute';
import { AttributionError } from '../attribution-error';
import { markov } from '../markov/markov';
import type { PathSummary } from '../path-summary';
import { bootstrapModels, overlappingPairs, DEFAULT_BOOTSTRAP } from './bootstrap';
import { dailyTrend, type DaySummary } from './daily-trends';
import { heldOutReport } from './held-out';
import { BOOTSTRAP_MODELS, type BootstrapModelId } from './replicate-models';

export interface AnalyticsSettings {
  /** Bootstrap replicates per data-driven model; 0 computes no intervals. */
  readonly replicates: number;
  /** Seeds the bootstrap and the held-out split. */
  readonly seed: number;
}

export const DEFAULT_ANALYTICS: AnalyticsSettings = {
  replicates: DEFAULT_BOOTSTRAP.replicates,
  seed: DEFAULT_BOOTSTRAP.seed,
};

export interface RunAnalytics {
  readonly results: Partial<Record<RunResultId, RunModelResult>>;
  readonly validation?: HeldOutReport;
  readonly runtime: Record<string, number>;
}

const isBootstrapModel = (model: string): model is BootstrapModelId =>
  (BOOTSTRAP_MODELS as readonly string[]).includes(model);
const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/**
 * What a run adds to its models' results: a bootstrap interval per channel for the data-driven
 * models, the held-out check and markov_auto (when markov ran), and every model's daily trend.
 * `finish` turns a plain result into a stored one (spend, currency), as for the other models.
 */
export function runAnalytics(
  summary: PathSummary,
  days: readonly DaySummary[],
  results: Partial<Record<AttributionModelId, RunModelResult>>,
  optionsOf: (model: AttributionModelId) => AttributionOptions,
  settings: AnalyticsSettings,
  finish: (result: RunModelResult) => RunModelResult,
): RunAnalytics {
  const runtime: Record<string, number> = {};
  const out: Partial<Record<RunResultId, RunModelResult>> = { ...results };
  const hasJourneys = summary.rows.some((row) => row.conversions > 0);
  let t0 = performance.now();
  // One resample per replicate serves all the data-driven models of the run.
  const bootModels = (Object.keys(results) as AttributionModelId[]).filter(isBootstrapModel);
  const boots =
    settings.replicates > 0 && hasJourneys && bootModels.length > 0
      ? bootstrapModels(summary, bootModels, {
          replicates: settings.replicates,
          level: DEFAULT_BOOTSTRAP.level,
          seed: settings.seed,
          order: optionsOf('markov').order ?? 1,
        })
      : [];
  runtime.bootstrap = ms(t0);
  for (const model of Object.keys(results) as AttributionModelId[]) {
    const result = out[model]!;
    let next: RunModelResult = {
      ...result,
      trend: dailyTrend(days, MODELS[model], optionsOf(model)),
    };
    const boot = boots.find((b) => b.model === model);
    if (boot) {
      const channels = Object.fromEntries(
        Object.entries(next.channels).map(([name, credit]) => {
          const ci = boot.channels[name];
          return [name, ci ? { ...credit, ci } : credit];
        }),
      );
      next = {
        ...next,
        channels,
        bootstrap: {
          replicates: boot.replicates,
          level: boot.level,
          seed: boot.seed,
          overlapping_pairs: overlappingPairs(boot.channels),
        },
      };
    }
    out[model] = next;
  }
  runtime.trends_and_bootstrap = ms(t0);
  let validation: HeldOutReport | undefined;
  const dataDriven = Object.keys(results).some(isBootstrapModel);
  if (dataDriven && hasJourneys) {
    t0 = performance.now();
    try {
      validation = heldOutReport(summary, settings.seed);
      if (results.markov) {
        const order = validation.markov_auto_order;
        const options = { ...optionsOf('markov'), order };
        const scores = Object.fromEntries(
          Object.entries(validation.scores).filter(([key]) => key.startsWith('markov:')),
        );
        out.markov_auto = finish({
          ...markov(summary, options),
          markov_auto: { order, seed: settings.seed, scores },
          trend: dailyTrend(days, markov, options),
        });
      }
    } catch (error) {
      // Too few journeys for a split is not a failed run: the check is simply absent.
      if (!(error instanceof AttributionError)) throw error;
    }
    runtime.validation = ms(t0);
  }
  return validation ? { results: out, validation, runtime } : { results: out, runtime };
}
