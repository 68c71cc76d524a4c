/**
 * The closed list of error codes every service speaks. Callers decide by code (and its kind),
 * never by message text; the HTTP status is chosen only at the edge.
 */
export const ERROR_CODES = [
  /** The bytes are not a message at all (empty, not JSON, wrong framing). */
  'MESSAGE_UNDECODABLE',
  /** A well-formed message that breaks its schema or the id contract. */
  'MESSAGE_INVALID',
  /** A valid message the domain or the database refuses (unknown reference, out of range). */
  'MESSAGE_REJECTED',
  /** A dependency (database, Redis, broker, an HTTP service) is down, refusing or too slow. */
  'DEPENDENCY_UNAVAILABLE',
  /** A transient conflict (serialization failure, deadlock): the same work succeeds again. */
  'TRANSIENT_CONFLICT',
  /** A configuration value is invalid; the process must not start. */
  'CONFIG_INVALID',
  /** Nothing above: retried a bounded number of times, then dead-lettered and alerted on. */
  'UNCLASSIFIED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a consumer (or an HTTP edge) does with an error of that code. */
export type ErrorKind = 'message' | 'dependency' | 'config' | 'unclassified';

const KIND: Record<ErrorCode, ErrorKind> = {
  MESSAGE_UNDECODABLE: 'message',
  MESSAGE_INVALID: 'message',
  MESSAGE_REJECTED: 'message',
  DEPENDENCY_UNAVAILABLE: 'dependency',
  TRANSIENT_CONFLICT: 'dependency',
  CONFIG_INVALID: 'config',
  UNCLASSIFIED: 'unclassified',
};

export function kindOf(code: ErrorCode): ErrorKind {
  return KIND[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
