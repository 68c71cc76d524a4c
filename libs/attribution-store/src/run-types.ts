import type { AttributionModelId, AttributionResult, ChannelCredit } from '@tributary/schemas';

export type RunTrigger = 'schedule' | 'http' | 'cli';
export type RunStatus = 'running' | 'succeeded' | 'failed';
export type Dimension = 'channel' | 'campaign';

/** Everything that changes a run's results; its canonical hash is the run's cache key. */
export interface RunOptions {
  readonly models: readonly AttributionModelId[];
  /** Conversion window, inclusive dates (YYYY-MM-DD) in `time_zone`. */
  readonly date_from: string;
  readonly date_to: string;
  readonly time_zone: string;
  readonly dimension: Dimension;
  /**
   * Reporting currency (ISO 4217): every journey's revenue and all spend is converted into it at
   * the rate of its local date. Absent on runs made before it existed (they summed as stored).
   */
  readonly currency?: string;
  readonly lookback_days?: number;
  readonly lookback_steps?: number;
  readonly transforms: readonly string[];
  readonly half_life: number;
  readonly order: number;
  readonly position_weights: {
    readonly first: number;
    readonly middle: number;
    readonly last: number;
  };
}

export interface ModelFailure {
  readonly code: string;
  readonly message: string;
}

export interface RunDiagnostics {
  /** Converting journeys in the window with at least one touch left after lookback days. */
  readonly journeys: number;
  readonly journeys_without_touches: number;
  readonly non_converting_paths: number;
  /** Distinct transformed paths the data-driven models ran on. */
  readonly distinct_paths: number;
  readonly date_from: string;
  readonly date_to: string;
  readonly channels: readonly string[];
  /** Wall time of the path summary query, of each model, and of the whole run. */
  readonly runtime_ms: Readonly<Record<string, number>>;
  readonly failures: Readonly<Partial<Record<AttributionModelId, ModelFailure>>>;
  readonly spend_loaded: boolean;
  /** The reporting currency of every revenue, cost and ROAS figure of the run. */
  readonly currency?: string;
  /**
   * Converting journeys whose revenue could not be converted (no rate for their currency and
   * date): counted as conversions, left out of revenue, and listed by currency and date here.
   */
  readonly journeys_without_rate?: number;
  readonly missing_rates?: readonly MissingRate[];
  /** Spend rows left out of cost for the same reason. */
  readonly spend_without_rate?: readonly MissingRate[];
}

export interface MissingRate {
  readonly currency: string;
  /** Local date (run time zone) of the conversion or spend day. */
  readonly day: string;
  /** Journeys (or spend rows) that needed this rate. */
  readonly count: number;
}

export interface AttributionRun {
  readonly run_id: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly options: RunOptions;
  readonly options_key: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly diagnostics: RunDiagnostics | null;
  readonly error: ModelFailure | null;
}

/** A channel's credit plus, when ad spend is loaded, its cost and ROAS (revenue / cost). */
export type RunChannelCredit = ChannelCredit & { cost?: string; roas?: number | null };

export type RunModelResult = Omit<AttributionResult, 'channels'> & {
  channels: Record<string, RunChannelCredit>;
  /** Currency of `total_revenue`, every channel's revenue and cost (the run's reporting currency). */
  currency?: string;
  total_cost?: string;
};

/** One run with every model's result, as the cache holds it and the API serves it. */
export interface RunSnapshot {
  readonly run: AttributionRun;
  readonly results: Readonly<Partial<Record<AttributionModelId, RunModelResult>>>;
}
