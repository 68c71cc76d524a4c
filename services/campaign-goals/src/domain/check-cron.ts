import { CronExpressionParser } from 'cron-parser';
import { isValidTimeZone } from './local-date';

/**
 * Why a `frequency` cannot frame periods, or undefined when it can: exactly 5 fields
 * (minute hour day-of-month month day-of-week; no seconds, no @aliases), parsed by cron-parser in
 * the configured zone, and it must fire both before and after `reference` so periods exist.
 */
export function checkCron(cron: string, zone: string, reference: Date): string | undefined {
  if (!isValidTimeZone(zone)) return `unknown time zone "${zone}"`;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') {
    return `expected 5 cron fields (minute hour day-of-month month day-of-week), got ${
      cron.trim() === '' ? 0 : fields.length
    }`;
  }
  try {
    CronExpressionParser.parse(cron, { tz: zone, currentDate: reference }).next();
    CronExpressionParser.parse(cron, { tz: zone, currentDate: reference }).prev();
    return undefined;
  } catch (error) {
    return `invalid cron: ${error instanceof Error ? error.message : String(error)}`;
  }
}
