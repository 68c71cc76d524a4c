import { randomFillSync } from 'node:crypto';
import {
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  isSpanContextValid,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type { Logger } from 'pino';

/** The W3C Trace Context header, on HTTP requests and Kafka records alike. */
export const TRACEPARENT = 'traceparent';

const HEADER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * The span context a `traceparent` value names, or undefined for anything else (absent, malformed,
 * version ff, all-zero ids): an invalid header starts a new trace, as W3C Trace Context says.
 * Takes a Kafka header value (Buffer) or an HTTP one (string).
 */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  const text =
    typeof value === 'string'
      ? value
      : Buffer.isBuffer(value)
        ? value.toString('latin1')
        : Array.isArray(value) && value.length === 1
          ? parseTraceparentText(value[0])
          : undefined;
  if (typeof text !== 'string' || text.length < 55 || text.length > 512) return undefined;
  const m = HEADER.exec(text.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  // Version 00 has exactly four fields; a later version may add some (read as 00).
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const context: SpanContext = {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(context) ? context : undefined;
}

function parseTraceparentText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('latin1') : undefined;
}

export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-0${context.traceFlags & TraceFlags.SAMPLED}`;
}

/** One unit of traced work: a record consumed, an outbox row relayed, an action called. */
export interface WorkSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** What the next hop gets (Kafka header, outbox column, HTTP header). */
  readonly traceparent: string;
  /** For pino: every line of this work carries the trace. */
  readonly bindings: { trace_id: string; span_id: string };
  readonly span: Span;
  readonly context: Context;
  end(): void;
}

// Ids come from a pooled random buffer: a CSPRNG call per id would be a measurable share of a
// record's work at tens of thousands of records a second.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  // All zeros is the invalid id; one in 2^64 at worst, but never hand it out.
  return /^0+$/.test(hex) ? randomHex(bytes) : hex;
}

const tracer = () => trace.getTracer('tributary');

/**
 * Starts a span for one unit of work, continuing the trace `parent` names (a traceparent value,
 * or a span context) or starting a new one. Spans are the OpenTelemetry API's: a process that
 * registers an SDK tracer provider records and exports them. Without one (the default) the API
 * hands out non-recording spans, so ids are drawn here, and the trace still travels: the new
 * span's traceparent keeps the trace id and names this span as the parent of the next hop.
 */
export function startWorkSpan(
  name: string,
  parent?: unknown,
  attributes?: Attributes,
  kind: SpanKind = SpanKind.CONSUMER,
  /**
   * The trace id to start when there is no parent (32 hex digits), e.g. derived from a record's
   * position, so a retried or redelivered record starts the same trace; drawn at random if absent.
   */
  rootTraceId?: string,
): WorkSpan {
  const remote = isSpanContextLike(parent) ? parent : parseTraceparent(parent);
  const parentContext = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
  let span = tracer().startSpan(name, { kind, attributes }, parentContext);
  if (!span.isRecording()) {
    span = trace.wrapSpanContext({
      traceId: remote?.traceId ?? rootTraceId ?? randomHex(16),
      spanId: randomHex(8),
      traceFlags: remote?.traceFlags ?? TraceFlags.NONE,
    });
  }
  const own = span.spanContext();
  return {
    traceId: own.traceId,
    spanId: own.spanId,
    traceparent: formatTraceparent(own),
    bindings: { trace_id: own.traceId, span_id: own.spanId },
    span,
    context: trace.setSpan(parentContext, span),
    end: () => span.end(),
  };
}

function isSpanContextLike(value: unknown): value is SpanContext {
  return (
    typeof value === 'object' &&
    value !== null &&
    'traceId' in value &&
    'spanId' in value &&
    isSpanContextValid(value as SpanContext)
  );
}

/** The logger of one unit of work: a pino child whose every line names the trace and span. */
export function traceLogger(logger: Logger, span: Pick<WorkSpan, 'bindings'>): Logger {
  return logger.child(span.bindings);
}
