/**
 * .NET TimeSpan text (R2), the forms the seed's link documents and campaign rules name:
 * "d:h:m:s" (" 6:0:0:0" is 6 days), "d.hh:mm:ss", "hh:mm:ss", "hh:mm", each with optional
 * ".fffffff" fractional seconds and an optional leading "-" (rejected: a span cannot be negative).
 * A bare integer "d" is .NET's day count too. Surrounding spaces are ignored.
 */
export type ParsedSpan = { ok: true; ms: number } | { ok: false; reason: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_DAYS = 10_675_199;

const DAYS_ONLY = /^(\d{1,8})$/;
const WITH_DAY_COLON = /^(\d{1,8}):(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;
const WITH_DAY_DOT = /^(?:(\d{1,8})\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

export function parseSpan(text: string): ParsedSpan {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'span is empty' };
  if (trimmed.startsWith('-')) return { ok: false, reason: 'span must not be negative' };
  const body = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
  const parts = matchParts(body);
  if (!parts) {
    return {
      ok: false,
      reason: `"${text}" is not a TimeSpan; use d:h:m:s, d.hh:mm:ss, hh:mm:ss or hh:mm`,
    };
  }
  const { days, hours, minutes, seconds, fraction } = parts;
  if (hours > 23) return { ok: false, reason: `hours ${hours} out of range 0-23` };
  if (minutes > 59) return { ok: false, reason: `minutes ${minutes} out of range 0-59` };
  if (seconds > 59) return { ok: false, reason: `seconds ${seconds} out of range 0-59` };
  if (days > MAX_DAYS) return { ok: false, reason: `days ${days} out of range` };
  const fractionMs = Math.round(Number(`0.${fraction || '0'}`) * SECOND);
  return {
    ok: true,
    ms: days * DAY + hours * HOUR + minutes * MINUTE + seconds * SECOND + fractionMs,
  };
}

interface SpanParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  fraction: string;
}

function matchParts(body: string): SpanParts | undefined {
  const daysOnly = DAYS_ONLY.exec(body);
  if (daysOnly) return parts(daysOnly[1], '0', '0', '0', '');
  const colon = WITH_DAY_COLON.exec(body);
  if (colon) return parts(colon[1], colon[2], colon[3], colon[4], colon[5]);
  const dot = WITH_DAY_DOT.exec(body);
  if (dot) return parts(dot[1], dot[2], dot[3], dot[4], dot[5]);
  return undefined;
}

function parts(
  d: string | undefined,
  h: string | undefined,
  m: string | undefined,
  s: string | undefined,
  f: string | undefined,
): SpanParts {
  return {
    days: Number(d ?? 0),
    hours: Number(h ?? 0),
    minutes: Number(m ?? 0),
    seconds: Number(s ?? 0),
    fraction: f ?? '',
  };
}
