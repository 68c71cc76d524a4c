import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Extra bindings on every line (e.g. replica id). */
  base?: Record<string, unknown>;
  destination?: pino.DestinationStream;
}

/**
 * One structured logger per process. Correlation ids (event_id, customer_id, client_id,
 * request_id) are added with `logger.child({...})` at the edge where they become known.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service, pid: process.pid, ...settings.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.secret'],
      censor: '[redacted]',
    },
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

/** A logger that writes nothing, for pure tests and tools that do not log. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export { SpanKind } from '@opentelemetry/api';
export {
  TRACEPARENT,
  formatTraceparent,
  parseTraceparent,
  startWorkSpan,
  traceLogger,
  type WorkSpan,
} from './trace';
export { startTracing, type StopTracing } from './otel';
