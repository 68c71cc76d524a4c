export const DEFAULT_ZONE = 'Europe/Istanbul';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

// The last answer per zone: one evaluation asks for the same instant several times (availability,
// umbrella month, listings), and formatToParts is by far the most expensive step of it.
const lastAnswer = new Map<string, { ms: number; date: string }>();

/** The calendar date (YYYY-MM-DD) of an instant as seen in an IANA zone. */
export function localDate(at: Date, zone: string = DEFAULT_ZONE): string {
  const ms = at.getTime();
  const last = lastAnswer.get(zone);
  if (last && last.ms === ms) return last.date;
  const parts = formatterFor(zone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastAnswer.set(zone, { ms, date });
  return date;
}
