import { parseArgs } from 'node:util';
import type { AttributionOptions } from '@tributary/schemas';
import { numberFlag, readFlags, positionWeightsFlag, UsageError } from './cli-values';

export const USAGE = `usage: attribute --model <id|all> --input <paths.csv|paths.json|-> [options]
  --model            first_touch, last_touch, linear, position_based, time_decay, markov,
                     shapley, fractribution, or all
  --input            path summary: CSV with a header (path, conversions, nulls, optional revenue,
                     days_before_conversion) or JSON rows; "-" reads standard input
  --format           csv or json (default: from the file name, else from the content)
  --transform        path transform, repeatable, applied in order: unique, exposure, first,
                     frequency, remove-if-not-all:CH, remove-if-last-and-not-all:CH, lookback-steps:N
  --lookback-steps   keep the last N touches of each path (before the transforms)
  --order            Markov order 1-4 (default 1)
  --half-life        time-decay half-life in days (default 7)
  --position-weights first,middle,last (default 0.4,0.2,0.4)
  --compact          print JSON on one line`;

export interface CliArgs {
  readonly model: string;
  readonly input: string;
  readonly format?: 'csv' | 'json';
  readonly compact: boolean;
  readonly options: AttributionOptions;
}

export { UsageError };

export function parseCliArgs(argv: readonly string[]): CliArgs | 'help' {
  const v = readFlags(
    () =>
      parseArgs({
        args: [...argv],
        strict: true,
        options: {
          model: { type: 'string' },
          input: { type: 'string' },
          format: { type: 'string' },
          transform: { type: 'string', multiple: true },
          'lookback-steps': { type: 'string' },
          order: { type: 'string' },
          'half-life': { type: 'string' },
          'position-weights': { type: 'string' },
          compact: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values,
  );
  if (v.help) return 'help';
  if (!v.model) throw new UsageError('--model is required');
  if (!v.input) throw new UsageError('--input is required');
  const format = v.format;
  if (format !== undefined && format !== 'csv' && format !== 'json') {
    throw new UsageError(`--format must be csv or json, got "${format}"`);
  }
  const options: AttributionOptions = {};
  if (v.transform) options.transforms = v.transform;
  const steps = numberFlag('lookback-steps', v['lookback-steps']);
  if (steps !== undefined) options.lookback_steps = steps;
  const order = numberFlag('order', v.order);
  if (order !== undefined) options.order = order;
  const halfLife = numberFlag('half-life', v['half-life']);
  if (halfLife !== undefined) options.half_life = halfLife;
  const weights = positionWeightsFlag(v['position-weights']);
  if (weights !== undefined) options.position_weights = weights;
  return {
    model: v.model,
    input: v.input,
    compact: v.compact ?? false,
    options,
    ...(format ? { format } : {}),
  };
}
