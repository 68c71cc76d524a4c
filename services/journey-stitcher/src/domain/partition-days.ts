const DAY_MS = 86_400_000;

/** The UTC day of an instant, as 'YYYY-MM-DD' (the daily partitions are UTC days). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

export interface PartitionHorizon {
  today: string;
  retentionDays: number;
  aheadDays: number;
}

/**
 * The days of a batch that deserve their own partition and are not known to have one. Days the
 * retention would detach at once, or implausibly far ahead, stay in the default partition rather
 * than grow the table list (a replay of old data should raise RAW_EVENTS_RETENTION_DAYS).
 */
export function partitionDaysToEnsure(
  occurredAt: readonly Date[],
  known: ReadonlySet<string>,
  horizon: PartitionHorizon,
): string[] {
  const oldest = addDays(horizon.today, -horizon.retentionDays);
  const newest = addDays(horizon.today, horizon.aheadDays);
  const days = new Set(occurredAt.map(utcDay));
  return [...days].filter((d) => !known.has(d) && d >= oldest && d <= newest).sort();
}
