import { CronExpressionParser } from 'cron-parser';

/** The first fire time of `cron` strictly after `after`, in `timeZone`. Throws on a bad cron. */
export function nextFireTime(cron: string, timeZone: string, after: Date): Date {
  const expression = CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone });
  return expression.next().toDate();
}

/** The latest fire time at or before `at`. */
export function previousFireTime(cron: string, timeZone: string, at: Date): Date {
  const expression = CronExpressionParser.parse(cron, {
    currentDate: new Date(at.getTime() + 1),
    tz: timeZone,
  });
  return expression.prev().toDate();
}

export function isValidCron(cron: string, timeZone: string): boolean {
  try {
    CronExpressionParser.parse(cron, { tz: timeZone });
    return cron.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}
