/** How the store interprets time; every replica and query-api must use the same values. */
export interface RealtimeSettings {
  /** Length of the sliding window (ms); the window at t holds views with occurred_at in (t - windowMs, t]. */
  windowMs: number;
  /** How far back "at instant" queries may look (ms); the raw view log is kept this long. */
  retentionMs: number;
  /** Views up to this far ahead of their received_at are clamped to received_at; further ones are dropped. */
  maxFutureSkewMs: number;
  /** Time to live of a user's recently-viewed list after its last update (seconds). */
  recentTtlSeconds: number;
  /** Products kept per user (the largest limit a reader may ask for). */
  recentMax: number;
}

export const DEFAULT_SETTINGS: RealtimeSettings = {
  windowMs: 5 * 60_000,
  retentionMs: 60 * 60_000,
  maxFutureSkewMs: 30_000,
  recentTtlSeconds: 7 * 24 * 3600,
  recentMax: 50,
};

/** Extra time the log keeps beyond the retention, so a replica whose clock runs behind still dedupes. */
export const TRIM_SLACK_MS = 60_000;
