// Pure logic of replaying the bad-events topic: reading a record, selecting by source, code and
// event id, and planning what goes where: rejected intake items back through the gateway (so the
// current rules validate and map them again), consumer dead letters back to their topic.
import type { BadEvent } from '@tributary/kafka';
import type { DeadLetter } from './dead-letters';

export const BAD_REPLAYED_FROM_HEADER = 'x-bad-replayed-from';

export interface BadRecord {
  /** Position in the bad-events topic. */
  at: string;
  event: BadEvent;
}

/** A record of the topic, or why it cannot be read (then it is listed, never replayed). */
export function toBadRecord(letter: DeadLetter): BadRecord | { at: string; unreadable: string } {
  const at = `${letter.dlqTopic}:${letter.dlqPartition}:${letter.dlqOffset}`;
  try {
    const event = JSON.parse(letter.value?.toString('utf8') ?? '') as BadEvent;
    if (typeof event.source !== 'string' || typeof event.replay?.via !== 'string') {
      return { at, unreadable: 'not a bad-event record (no source or replay)' };
    }
    return { at, event };
  } catch (error) {
    return { at, unreadable: `not JSON: ${(error as Error).message}` };
  }
}

export interface BadFilter {
  /** Keep records whose source starts with one of these (`ingest-gateway /v1/`, ...). */
  sources: string[];
  /** Keep records with one of these reason codes. */
  codes: string[];
  eventIds: string[];
}

export function selectBad(records: readonly BadRecord[], filter: BadFilter): BadRecord[] {
  return records.filter(({ event }) => {
    if (filter.sources.length > 0 && !filter.sources.some((s) => event.source.startsWith(s)))
      return false;
    if (filter.codes.length > 0 && !filter.codes.includes(event.reason.code)) return false;
    if (filter.eventIds.length > 0 && !filter.eventIds.includes(event.event_id ?? '')) return false;
    return true;
  });
}

export interface HttpReplay {
  route: string;
  body: unknown;
  /** How many records this request carries. */
  count: number;
}

export interface KafkaReplay {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface ReplayPlan {
  http: HttpReplay[];
  kafka: KafkaReplay[];
}

/** How each intake route takes several items in one request. */
function merged(route: string, bodies: unknown[]): unknown {
  if (route === '/v1/batch') {
    return { batch: bodies.flatMap((b) => (b as { batch?: unknown[] }).batch ?? []) };
  }
  return route === '/v1/events' ? { events: bodies } : undefined;
}

/**
 * Intake items grouped per route into requests of at most `perRequest` items (the gateway's
 * MAX_BATCH_EVENTS); a route that takes one item per request gets one request each. Dead letters
 * become messages to their topic with the original key, bytes and headers.
 */
export function planReplay(records: readonly BadRecord[], perRequest = 500): ReplayPlan {
  const byRoute = new Map<string, unknown[]>();
  const plan: ReplayPlan = { http: [], kafka: [] };
  for (const { at, event } of records) {
    const replay = event.replay;
    if (replay.via === 'http') {
      byRoute.set(replay.route, [...(byRoute.get(replay.route) ?? []), replay.body]);
      continue;
    }
    const payload = event.payload as {
      key: string | null;
      value: string | null;
      value_encoding: 'utf8' | 'base64';
      headers?: Record<string, string>;
    };
    plan.kafka.push({
      topic: replay.topic,
      key: payload.key ?? '',
      value: Buffer.from(
        payload.value ?? '',
        payload.value_encoding === 'base64' ? 'base64' : 'utf8',
      ),
      headers: { ...(payload.headers ?? {}), [BAD_REPLAYED_FROM_HEADER]: at },
    });
  }
  for (const [route, bodies] of byRoute) {
    for (let i = 0; i < bodies.length; i += perRequest) {
      const chunk = bodies.slice(i, i + perRequest);
      const body = merged(route, chunk);
      if (body === undefined) chunk.forEach((b) => plan.http.push({ route, body: b, count: 1 }));
      else plan.http.push({ route, body, count: chunk.length });
    }
  }
  return plan;
}

/** Records grouped by source and code: the summary line of the listing. */
export function countBySourceAndCode(records: readonly BadRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { event } of records) {
    const key = `${event.source} ${event.reason.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** One line per record for the terminal. */
export function formatBad({ at, event }: BadRecord, maxPayload = 120): string {
  const payload = JSON.stringify(event.payload) ?? '';
  const shown = payload.length > maxPayload ? `${payload.slice(0, maxPayload)}...` : payload;
  const errors = event.errors.map((e) => `${e.path} ${e.message}`).join('; ');
  return [
    at,
    event.source,
    event.reason.code,
    event.event_id ?? '-',
    JSON.stringify(errors || event.reason.message),
    shown,
  ].join('  ');
}
