import { CronExpressionParser } from 'cron-parser';
import { lastLocalDayBefore, localDate } from './local-date';

/** A period [beginInstant, endInstant) between two consecutive cron fire times (R1). */
export interface Period {
  beginInstant: Date;
  /** Exclusive: the next fire time. */
  endInstant: Date;
  /** Local date of beginInstant (YYYY-MM-DD). */
  begin: string;
  /** Last local day before endInstant, inclusive, as the seed shows End. */
  end: string;
}

export interface Frequency {
  cron: string;
  zone: string;
}

/** The period containing `instant`: last fire <= instant < next fire. Throws on a bad cron. */
export function periodFor(frequency: Frequency, instant: Date): Period {
  const at = instant.getTime();
  const known = cachedPeriods(frequency);
  const hit = findPeriod(known, at);
  if (hit) return copy(hit);
  const period = computePeriod(frequency, at);
  insertPeriod(known, period);
  return copy(period);
}

// cron-parser takes milliseconds per call and periods never change for a (cron, zone), so the
// periods found are memoized; this keeps per-record framing cheap. Bounded, never stale.
const MAX_CALENDARS = 256;
const MAX_PERIODS = 2048;
const calendars = new Map<string, Period[]>();

function cachedPeriods({ cron, zone }: Frequency): Period[] {
  const key = `${zone}\u0000${cron}`;
  let periods = calendars.get(key);
  if (!periods) {
    if (calendars.size >= MAX_CALENDARS) calendars.clear();
    periods = [];
    calendars.set(key, periods);
  }
  return periods;
}

function findPeriod(periods: readonly Period[], at: number): Period | undefined {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const period = periods[mid] as Period;
    if (at < period.beginInstant.getTime()) high = mid - 1;
    else if (at >= period.endInstant.getTime()) low = mid + 1;
    else return period;
  }
  return undefined;
}

function insertPeriod(periods: Period[], period: Period): void {
  if (periods.length >= MAX_PERIODS) periods.length = 0;
  const begin = period.beginInstant.getTime();
  const index = periods.findIndex((p) => p.beginInstant.getTime() > begin);
  periods.splice(index < 0 ? periods.length : index, 0, period);
}

function copy(period: Period): Period {
  return {
    ...period,
    beginInstant: new Date(period.beginInstant),
    endInstant: new Date(period.endInstant),
  };
}

function computePeriod({ cron, zone }: Frequency, at: number): Period {
  // cron-parser's prev() and next() disagree around DST gaps (next() shifts a skipped 02:30 to
  // 03:30, prev() skips it), so prev() only finds a safe anchor two fires back and every boundary
  // comes from next(). prev() is strictly before its start, hence the 1 ms.
  const back = CronExpressionParser.parse(cron, { tz: zone, currentDate: new Date(at + 1) });
  back.prev();
  const anchor = back.prev().getTime();
  const forward = CronExpressionParser.parse(cron, { tz: zone, currentDate: new Date(anchor - 1) });
  let begin = forward.next().getTime();
  let end = forward.next().getTime();
  while (end <= at) {
    begin = end;
    end = forward.next().getTime();
  }
  const beginInstant = new Date(begin);
  const endInstant = new Date(end);
  return {
    beginInstant,
    endInstant,
    begin: localDate(beginInstant, zone),
    end: lastLocalDayBefore(endInstant, zone),
  };
}

/** The period just before `period`. */
export function previousPeriod(frequency: Frequency, period: Period): Period {
  return periodFor(frequency, new Date(period.beginInstant.getTime() - 1));
}

export interface FullEnd {
  /** End instant + the largest span of the stream's sources (R2). */
  fullEndInstant: Date;
  /** Last local day before fullEndInstant, as the seed's Full End column. */
  fullEnd: string;
}

/** Spans are elapsed durations (as .NET TimeSpan), so across a DST change they keep their length. */
export function fullEndOf(period: Period, maxSpanMs: number, zone: string): FullEnd {
  const fullEndInstant = new Date(period.endInstant.getTime() + maxSpanMs);
  return { fullEndInstant, fullEnd: lastLocalDayBefore(fullEndInstant, zone) };
}
