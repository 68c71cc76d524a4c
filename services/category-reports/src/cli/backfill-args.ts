import { parseArgs } from 'node:util';
import { parseHourKey } from '@tributary/category-report-store';
import { hoursBetween } from '../domain/report-schedule';

export const MAX_BACKFILL_HOURS = 24 * 366;
export const BACKFILL_USAGE =
  'usage: backfill --from 2026-01-10T10 --to 2026-01-10T14 (UTC hours, both included)';

export type BackfillArgs = { ok: true; hours: Date[] } | { ok: false; message: string };

/** Reads `--from` and `--to` (UTC hour keys); answers every hour of the range or why not. */
export function parseBackfillArgs(argv: readonly string[]): BackfillArgs {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { from: { type: 'string' }, to: { type: 'string' } },
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const from = parseHourKey(values.from ?? '');
  const to = parseHourKey(values.to ?? '');
  if (!from)
    return {
      ok: false,
      message: `--from must be an hour like 2026-01-10T10, got ${values.from ?? 'nothing'}`,
    };
  if (!to)
    return {
      ok: false,
      message: `--to must be an hour like 2026-01-10T14, got ${values.to ?? 'nothing'}`,
    };
  if (to < from) return { ok: false, message: '--to is before --from' };
  const hours = hoursBetween(from, to);
  if (hours.length > MAX_BACKFILL_HOURS)
    return { ok: false, message: `at most ${MAX_BACKFILL_HOURS} hours per backfill` };
  return { ok: true, hours };
}
