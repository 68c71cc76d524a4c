import { createHash } from 'node:crypto';
import type { Dimension, RunOptions } from '@tributary/attribution-store';
import type { PositionWeights } from '@tributary/schemas';
import { isModelId } from './attribute';
import { AttributionError } from './attribution-error';
import { validateOrder } from './markov/markov';
import { MODEL_IDS } from './model-ids';
import { formatPathTransform, parsePathTransform } from './path-transform';
import { DEFAULT_POSITION_WEIGHTS, validatePositionWeights } from './position-based';
import { DEFAULT_HALF_LIFE_DAYS, validateHalfLife } from './time-decay';

/** What a caller (HTTP, CLI, schedule) asks for; everything is optional and checked here. */
export interface RunRequest {
  readonly models?: readonly string[] | 'all';
  readonly date_from?: string;
  readonly date_to?: string;
  readonly time_zone?: string;
  readonly dimension?: string;
  readonly currency?: string;
  readonly lookback_days?: number;
  readonly lookback_steps?: number;
  readonly transforms?: readonly string[];
  readonly half_life?: number;
  readonly order?: number;
  readonly position_weights?: PositionWeights;
}

export interface RunDefaults {
  /** Conversion window when no dates are given: the `windowDays` days before today. */
  readonly windowDays: number;
  readonly timeZone: string;
  readonly request: RunRequest;
}

export const MAX_RANGE_DAYS = 3_660;
/** The demo's orders are mostly in Turkish lira, so its reports are too. */
export const DEFAULT_REPORTING_CURRENCY = 'TRY';
const DAY_MS = 86_400_000;

function invalid(message: string): never {
  throw new AttributionError('invalid_option', message);
}

function parseDay(name: string, text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    invalid(`${name} must be a calendar date YYYY-MM-DD, got "${text}"`);
  }
  return time;
}

const formatDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Today's date in `timeZone` as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The `days` whole days before the day of `at` in `timeZone` (the nightly run's window). */
export function trailingWindow(
  at: Date,
  timeZone: string,
  days: number,
): { date_from: string; date_to: string } {
  const today = parseDay('today', dayIn(at, timeZone));
  return { date_from: formatDay(today - days * DAY_MS), date_to: formatDay(today - DAY_MS) };
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    invalid(`time_zone "${timeZone}" is not an IANA time zone`);
  }
  return timeZone;
}

function checkModels(models: RunRequest['models']) {
  if (models === undefined || models === 'all') return MODEL_IDS;
  if (models.length === 0) invalid('models must name at least one model');
  for (const model of models) {
    if (!isModelId(model)) {
      throw new AttributionError(
        'unknown_model',
        `unknown model "${model}"; use one of ${MODEL_IDS.join(', ')}`,
      );
    }
  }
  return MODEL_IDS.filter((id) => models.includes(id));
}

function checkInteger(name: string, value: number | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max)
    invalid(`${name} must be an integer from 1 to ${max}, got ${value}`);
  return value;
}

function checkCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency))
    invalid(`currency must be an ISO 4217 code of 3 capital letters, got "${currency}"`);
  return currency;
}

function checkDimension(dimension: string): Dimension {
  if (dimension !== 'channel' && dimension !== 'campaign')
    invalid(`dimension must be channel or campaign, got "${dimension}"`);
  return dimension;
}

/** Request over defaults, validated and canonical: the run's identity. */
export function resolveRunOptions(
  request: RunRequest,
  defaults: RunDefaults,
  now: Date,
): RunOptions {
  const given = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined));
  const merged: RunRequest = { ...defaults.request, ...given };
  const timeZone = checkTimeZone(merged.time_zone ?? defaults.timeZone);
  if ((merged.date_from === undefined) !== (merged.date_to === undefined)) {
    invalid('give both date_from and date_to, or neither');
  }
  const window =
    merged.date_from !== undefined && merged.date_to !== undefined
      ? { date_from: merged.date_from, date_to: merged.date_to }
      : trailingWindow(now, timeZone, defaults.windowDays);
  const from = parseDay('date_from', window.date_from);
  const to = parseDay('date_to', window.date_to);
  if (from > to) invalid(`date_from ${window.date_from} is after date_to ${window.date_to}`);
  if ((to - from) / DAY_MS + 1 > MAX_RANGE_DAYS)
    invalid(`the date range spans more than ${MAX_RANGE_DAYS} days`);
  const lookbackDays = checkInteger('lookback_days', merged.lookback_days, MAX_RANGE_DAYS);
  const lookbackSteps = checkInteger('lookback_steps', merged.lookback_steps, 1_000);
  return {
    models: checkModels(merged.models),
    ...window,
    time_zone: timeZone,
    dimension: checkDimension(merged.dimension ?? 'channel'),
    currency: checkCurrency(merged.currency ?? DEFAULT_REPORTING_CURRENCY),
    ...(lookbackDays !== undefined ? { lookback_days: lookbackDays } : {}),
    ...(lookbackSteps !== undefined ? { lookback_steps: lookbackSteps } : {}),
    transforms: (merged.transforms ?? []).map((t) => formatPathTransform(parsePathTransform(t))),
    half_life: validateHalfLife(merged.half_life ?? DEFAULT_HALF_LIFE_DAYS),
    order: validateOrder(merged.order ?? 1),
    position_weights: validatePositionWeights(merged.position_weights ?? DEFAULT_POSITION_WEIGHTS),
  };
}

/** A short stable hash of the canonical options: the cache key of runs with equal options. */
export function optionsKey(options: RunOptions): string {
  return createHash('sha256').update(canonicalJson(options)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
