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
  /** Held-out log-loss / AUC of the data-driven models (runs that computed markov, shapley or fractribution). */
  readonly validation?: HeldOutReport;
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

/** A bootstrap interval (percentile, `BootstrapInfo.level`) of a channel's credit. */
export interface ChannelInterval {
  readonly conversions: { readonly ci_low: number; readonly ci_high: number };
  /** Decimal strings in the result's currency. */
  readonly revenue: { readonly ci_low: string; readonly ci_high: string };
}

/**
 * A channel's credit plus, when ad spend is loaded, its cost, ROAS (revenue / cost) and CPA
 * (cost / attributed conversions); for the data-driven models, its bootstrap interval.
 */
export type RunChannelCredit = ChannelCredit & {
  cost?: string;
  roas?: number | null;
  cpa?: string | null;
  ci?: ChannelInterval;
};

export interface BootstrapInfo {
  readonly replicates: number;
  readonly level: number;
  readonly seed: number;
  /** Channel pairs whose conversion intervals overlap: their order is not established. */
  readonly overlapping_pairs: readonly (readonly [string, string])[];
}

/** One local day's attributed conversions and revenue per channel. */
export interface DayCredit {
  readonly day: string;
  readonly total_conversions: number;
  readonly total_revenue: string;
  readonly channels: Readonly<Record<string, { conversions: number; revenue: string }>>;
}

export interface HeldOutScore {
  readonly log_loss: number;
  readonly auc: number;
  readonly journeys: number;
}

/** The held-out check of the data-driven models (diagnostics.validation). */
export interface HeldOutReport {
  readonly seed: number;
  readonly fraction: number;
  readonly train_journeys: number;
  readonly test_journeys: number;
  /** Per model, and per Markov order as `markov:k`. */
  readonly scores: Readonly<Record<string, HeldOutScore>>;
  readonly markov_auto_order: number;
}

export type RunModelResult = Omit<AttributionResult, 'channels'> & {
  channels: Record<string, RunChannelCredit>;
  /** Currency of `total_revenue`, every channel's revenue and cost (the run's reporting currency). */
  currency?: string;
  total_cost?: string;
  bootstrap?: BootstrapInfo;
  /** Attributed conversions and revenue per local day of the run's window. */
  trend?: readonly DayCredit[];
  /** On `markov_auto`: the chosen order and every order's held-out score. */
  markov_auto?: {
    readonly order: number;
    readonly seed: number;
    readonly scores: Readonly<Record<string, HeldOutScore>>;
  };
};

/** Result keys of a run: the models, and `markov_auto` (markov at the held-out-chosen order). */
export type RunResultId = AttributionModelId | 'markov_auto';

/** One run with every model's result, as the cache holds it and the API serves it. */
export interface RunSnapshot {
  readonly run: AttributionRun;
  readonly results: Readonly<Partial<Record<RunResultId, RunModelResult>>>;
}
