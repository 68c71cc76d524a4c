const HOUR_MS = 3_600_000;
const HOUR_KEY = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;

/** The UTC hour that contains `at`, as its start instant. */
export function startOfHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** Names an hour by its UTC start, e.g. `2026-01-10T13`: folder names and API path segments. */
export function hourKey(hourStart: Date): string {
  return hourStart.toISOString().slice(0, 13);
}

/** Parses `2026-01-10T13` (UTC); undefined when the text is not a real hour. */
export function parseHourKey(text: string): Date | undefined {
  const match = HOUR_KEY.exec(text);
  if (!match) return undefined;
  const date = new Date(`${text}:00:00.000Z`);
  return Number.isNaN(date.getTime()) || hourKey(date) !== text ? undefined : date;
}

export interface ReportPeriod {
  kind: string;
  start: Date;
  end: Date;
}

/** The kind name of a rolling period ending with an hour, e.g. `last-24h`. */
export function rollingKind(hours: number): string {
  return `last-${hours}h`;
}

/**
 * The period of `kind` reported in the folder of `hourStart`: `hour` is that hour; `last-Nh`
 * is the N hours ending with it. Undefined for an unknown kind.
 */
export function reportPeriod(kind: string, hourStart: Date): ReportPeriod | undefined {
  const end = new Date(hourStart.getTime() + HOUR_MS);
  if (kind === 'hour') return { kind, start: hourStart, end };
  const match = /^last-([1-9][0-9]{0,2})h$/.exec(kind);
  if (!match) return undefined;
  return { kind, start: new Date(end.getTime() - Number(match[1]) * HOUR_MS), end };
}
