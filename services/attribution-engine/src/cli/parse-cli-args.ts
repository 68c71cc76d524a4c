import type { AttributionOptions } from '@tributary/schemas';

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

export class UsageError extends Error {}

const FLAGS = new Set([
  'model',
  'input',
  'format',
  'transform',
  'lookback-steps',
  'order',
  'half-life',
  'position-weights',
]);

function numberArg(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${flag} needs a number, got "${text}"`);
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliArgs | 'help' {
  const values = new Map<string, string[]>();
  let compact = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--compact') {
      compact = true;
      continue;
    }
    const [flag, inline] = arg.startsWith('--')
      ? arg.slice(2).split(/=(.*)/s)
      : [undefined, undefined];
    if (!flag || !FLAGS.has(flag)) throw new UsageError(`unknown argument "${arg}"`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  const one = (flag: string): string | undefined => {
    const given = values.get(flag);
    if (given && given.length > 1 && flag !== 'transform')
      throw new UsageError(`--${flag} is given twice`);
    return given?.[0];
  };
  const model = one('model');
  const input = one('input');
  if (!model) throw new UsageError('--model is required');
  if (!input) throw new UsageError('--input is required');
  const format = one('format');
  if (format !== undefined && format !== 'csv' && format !== 'json') {
    throw new UsageError(`--format must be csv or json, got "${format}"`);
  }
  const options: AttributionOptions = {};
  if (values.has('transform')) options.transforms = values.get('transform');
  const steps = one('lookback-steps');
  if (steps !== undefined) options.lookback_steps = numberArg('lookback-steps', steps);
  const order = one('order');
  if (order !== undefined) options.order = numberArg('order', order);
  const halfLife = one('half-life');
  if (halfLife !== undefined) options.half_life = numberArg('half-life', halfLife);
  const weights = one('position-weights');
  if (weights !== undefined) {
    const parts = weights.split(',').map((w) => numberArg('position-weights', w));
    if (parts.length !== 3)
      throw new UsageError('--position-weights needs three numbers: first,middle,last');
    options.position_weights = { first: parts[0]!, middle: parts[1]!, last: parts[2]! };
  }
  return { model, input, compact, options, ...(format ? { format } : {}) };
}
