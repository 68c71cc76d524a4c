import { parseArgs } from 'node:util';
import type { RunRequest } from '../domain/run-options';
import { numberFlag, readFlags, positionWeightsFlag, UsageError } from './cli-values';

export const RUN_USAGE = `usage: run [options]   (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, TIME_ZONE, ATTRIBUTION_* from the environment)
  --from YYYY-MM-DD      first conversion day (inclusive; with --to; default: the configured trailing window)
  --to YYYY-MM-DD        last conversion day (inclusive)
  --time-zone TZ         zone of the dates (default TIME_ZONE)
  --models a,b|all       models to run (default ATTRIBUTION_MODELS)
  --dimension channel|campaign
  --currency CODE        reporting currency, ISO 4217 (default ATTRIBUTION_REPORTING_CURRENCY)
  --lookback-days N      drop touches more than N days before the conversion
  --lookback-steps N     keep the last N touches
  --transform T          repeatable, applied in order (exposure, first, frequency, remove-if-not-all:CH, ...)
  --half-life DAYS       time decay half-life
  --order 1..4           Markov order
  --position-weights f,m,l
  --compact              print JSON on one line`;

/** The run command's usage errors are the shared UsageError. */
export { UsageError as RunUsageError };

export function parseRunArgs(
  argv: readonly string[],
): { request: RunRequest; compact: boolean } | 'help' {
  const v = readFlags(
    () =>
      parseArgs({
        args: [...argv],
        strict: true,
        options: {
          from: { type: 'string' },
          to: { type: 'string' },
          'time-zone': { type: 'string' },
          models: { type: 'string' },
          dimension: { type: 'string' },
          currency: { type: 'string' },
          'lookback-days': { type: 'string' },
          'lookback-steps': { type: 'string' },
          transform: { type: 'string', multiple: true },
          'half-life': { type: 'string' },
          order: { type: 'string' },
          'position-weights': { type: 'string' },
          compact: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values,
  );
  if (v.help) return 'help';
  const request: RunRequest = {
    date_from: v.from,
    date_to: v.to,
    time_zone: v['time-zone'],
    models:
      v.models === undefined || v.models === 'all'
        ? v.models
        : v.models.split(',').map((m) => m.trim()),
    dimension: v.dimension,
    currency: v.currency,
    lookback_days: numberFlag('lookback-days', v['lookback-days']),
    lookback_steps: numberFlag('lookback-steps', v['lookback-steps']),
    transforms: v.transform,
    half_life: numberFlag('half-life', v['half-life']),
    order: numberFlag('order', v.order),
    position_weights: positionWeightsFlag(v['position-weights']),
  };
  return { request, compact: v.compact ?? false };
}
