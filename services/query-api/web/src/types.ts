// Browser copies of the public API's response shapes (libs/schemas, libs/*-store); the dashboard
// cannot import those Node packages, and only reads the fields below.

export interface ChannelCredit {
  conversions: number;
  revenue: string;
  share: number;
  removal_effect?: number;
  /** With ad spend loaded: the channel's cost (in the result's currency) and revenue / cost. */
  cost?: string;
  roas?: number | null;
  /** Cost per attributed conversion, in the result's currency. */
  cpa?: string | null;
  /** Data-driven models: the bootstrap interval (ModelResult.bootstrap.level). */
  ci?: {
    conversions: { ci_low: number; ci_high: number };
    revenue: { ci_low: string; ci_high: string };
  };
}

export interface DayCredit {
  day: string;
  total_conversions: number;
  total_revenue: string;
  channels: Record<string, { conversions: number; revenue: string }>;
}

export interface HeldOutScore {
  log_loss: number;
  auc: number;
  journeys: number;
}

export interface HeldOutReport {
  seed: number;
  fraction: number;
  train_journeys: number;
  test_journeys: number;
  scores: Record<string, HeldOutScore>;
  markov_auto_order: number;
}

export interface TrendAnswer {
  run_id: string;
  model: string;
  currency: string | null;
  days: DayCredit[];
}

interface CompareSide {
  conversions: number;
  revenue: string;
  share: number;
}

export interface CompareAnswer {
  run_id: string;
  a: string;
  b: string;
  currency: string | null;
  channels: { channel: string; a: CompareSide; b: CompareSide; difference: CompareSide }[];
}

export interface ModelResult {
  model: string;
  options: Record<string, unknown>;
  total_conversions: number;
  total_revenue: string;
  channels: Record<string, ChannelCredit>;
  removal_effects?: Record<string, number>;
  markov?: { states: number; transitions: number; solver: string; conversion_probability: number };
  /** Reporting currency of every revenue and cost figure (absent on runs made before it). */
  currency?: string;
  total_cost?: string;
  bootstrap?: {
    replicates: number;
    level: number;
    seed: number;
    overlapping_pairs: [string, string][];
  };
  markov_auto?: { order: number; seed: number; scores: Record<string, HeldOutScore> };
}

export interface RunOptions {
  models: string[];
  date_from: string;
  date_to: string;
  time_zone: string;
  dimension: string;
  currency?: string;
  lookback_days?: number;
  transforms: string[];
  half_life: number;
  order: number;
  position_weights: { first: number; middle: number; last: number };
}

export interface AttributionRun {
  run_id: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed';
  options: RunOptions;
  started_at: string;
  finished_at: string | null;
  diagnostics: RunDiagnostics | null;
  error: { code: string; message: string } | null;
}

export interface MissingRate {
  currency: string;
  day: string;
  count: number;
}

export interface RunDiagnostics {
  journeys: number;
  non_converting_paths: number;
  distinct_paths: number;
  currency?: string;
  journeys_without_rate?: number;
  missing_rates?: MissingRate[];
  spend_without_rate?: MissingRate[];
}

export interface AttributionResults {
  run: AttributionRun;
  results: Record<string, ModelResult>;
}

export interface ModelsAnswer {
  smart: string;
  models: { id: string; kind: string; description: string }[];
}

export interface WindowMeta {
  at: string;
  window_start: string;
  window_seconds: number;
  total_views: number;
  version?: number;
}

export interface WindowUser {
  user_id: string;
  views: number;
  last_view_at: string;
}
export interface WindowCategory {
  category_id: string;
  views: number;
  distinct_users: number;
}
export interface WindowPlatform {
  platform: string;
  views: number;
  distinct_users: number;
}

export interface UsersWindow extends WindowMeta {
  distinct_users: number;
  users: WindowUser[];
}
export interface CategoriesWindow extends WindowMeta {
  distinct_categories: number;
  categories: WindowCategory[];
}
export interface PlatformsWindow extends WindowMeta {
  distinct_platforms: number;
  platforms: WindowPlatform[];
}
export type WindowSnapshot = UsersWindow & CategoriesWindow & PlatformsWindow;

export interface ReportRun {
  period_kind: string;
  period_start: string;
  period_end: string;
  generated_at: string;
  hour: string;
  row_counts: Record<ReportName, number>;
}
export type ReportName = 'top-viewed' | 'top-purchased' | 'conversion';

export interface TopViewedRow {
  category_id: string;
  rank: number;
  product_id: string;
  distinct_viewers: number;
  views: number;
}
export interface TopPurchasedRow {
  category_id: string;
  rank: number;
  product_id: string;
  distinct_buyers: number;
  orders: number;
  units: number;
}
export interface ConversionRow {
  category_id: string;
  viewers: number;
  buyers: number;
  purchase_view_ratio: string | null;
}

// Campaign rows keep the seed's kebab-case column names.
export interface StreamDataRow {
  client: string;
  stream: string;
  state: string;
  currency: string;
  begin: string;
  end: string;
  'full-end': string;
  amount: string;
  times: number;
}
export interface GoalRealizationRow {
  client: string;
  goal: string;
  elapsed: string;
  begin: string;
  end: string;
  stream?: string;
  trigger?: string;
}
export interface ParticipationRow {
  client: string;
  campaign: number;
  status: string;
  'joined-at': string;
  'join-info': Record<string, unknown> | null;
}
export interface CampaignRealizationRow {
  client: string;
  campaign: number;
  status: string;
  begin: string;
  end: string;
  'completed-goals': number[];
  earning: { currency: string; amount: string; ratio: string } | null;
  'elapsed-at': string | null;
  'action-result': unknown;
}

export type GoalExplanation =
  | {
      goalId: number;
      source: 'stream';
      met: boolean;
      progress?: { type: string; target: string; value: string; missing: string };
    }
  | { goalId: number; source: 'adhoc'; met: boolean | 'not-checked'; cached: boolean };

export interface Blocker {
  rule: string;
  reason?: string;
  stop?: { reason: string; key?: unknown; remaining?: string; blockedBy?: string };
}

export interface CampaignExplanation {
  client: string;
  campaign: number;
  period: { begin: string; end: string } | null;
  reason?: string;
  availability: { available: boolean; reason?: string; localDate: string };
  participation: { eligible: boolean; reason?: string };
  groups?: { id: number; satisfied: boolean | 'unknown'; goals: GoalExplanation[] }[];
  evaluation?: { kind: string; reason?: string };
  blockers?: Blocker[];
}
