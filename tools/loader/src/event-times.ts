/**
 * How replayed records get their event time (the case's files carry none): `now` stamps each
 * record when it is sent, as the original producer did; `spread` places record i at
 * start + i * span / total, so a whole file lands inside a chosen window (e.g. one hour).
 */
export type EventTimes =
  | { mode: 'now' }
  | { mode: 'spread'; start: Date; spanMs: number; total: number }
  | { mode: 'keep' };

export function eventTimeFor(times: EventTimes, index: number, now: Date): Date | undefined {
  switch (times.mode) {
    case 'now':
      return now;
    case 'keep':
      return undefined;
    case 'spread': {
      const step = times.total > 0 ? times.spanMs / times.total : 0;
      return new Date(times.start.getTime() + Math.floor(index * step));
    }
  }
}
