import {
  reportPeriod,
  rollingKind,
  startOfHour,
  type ReportPeriod,
} from '@tributary/category-report-store';

const HOUR_MS = 3_600_000;

/** The last complete UTC hour before a cron firing: a 13:05 firing reports 12:00-13:00. */
export function reportedHour(fireTime: Date): Date {
  return new Date(startOfHour(fireTime).getTime() - HOUR_MS);
}

/** The periods written into one hour's folder: the hour itself, then the rolling period if any. */
export function periodsOfHour(hourStart: Date, rollingHours: number): ReportPeriod[] {
  const kinds = rollingHours > 0 ? ['hour', rollingKind(rollingHours)] : ['hour'];
  return kinds.map((kind) => reportPeriod(kind, hourStart)!);
}

/** Every hour start from `from` to `to`, both included; empty when `to` is before `from`. */
export function hoursBetween(from: Date, to: Date): Date[] {
  const hours: Date[] = [];
  for (let t = startOfHour(from).getTime(); t <= to.getTime(); t += HOUR_MS)
    hours.push(new Date(t));
  return hours;
}
