import type { IHeaders } from 'kafkajs';
import { SpanKind, TRACEPARENT, startWorkSpan, type WorkSpan } from '@tributary/logging';

/** Where a record was read: what its span is named after. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
}

/**
 * The span of one consumed record: it continues the trace of the record's `traceparent` header,
 * or starts one (a CDC record from Debezium carries none). The record's position is on the span.
 */
export function recordSpan(record: RecordPosition, name = `${record.topic} process`): WorkSpan {
  return startWorkSpan(
    name,
    record.headers[TRACEPARENT],
    {
      'messaging.system': 'kafka',
      'messaging.destination.name': record.topic,
      'messaging.destination.partition.id': String(record.partition),
      'messaging.kafka.offset': Number(record.offset),
    },
    SpanKind.CONSUMER,
  );
}

/** Headers that carry `traceparent` (a stored one, or a span's) to the next consumer. */
export function traceHeaders(
  traceparent: string | null | undefined,
  headers?: IHeaders,
): IHeaders | undefined {
  if (!traceparent) return headers;
  return { ...headers, [TRACEPARENT]: traceparent };
}

/** The trace id a record's header names, for log lines about a record (dead letters). */
export function traceIdOf(headers: IHeaders | undefined): string | undefined {
  const value = headers?.[TRACEPARENT];
  const text = Buffer.isBuffer(value) ? value.toString('latin1') : value;
  return typeof text === 'string' && /^[0-9a-f]{2}-[0-9a-f]{32}-/.test(text)
    ? text.slice(3, 35)
    : undefined;
}
