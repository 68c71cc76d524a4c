import { CodedError } from './coded-error';
import { isErrorCode, kindOf, type ErrorCode, type ErrorKind } from './error-codes';

export interface Classification {
  code: ErrorCode;
  kind: ErrorKind;
  retriable: boolean;
  /** What raised it: `postgres 22003`, `node ECONNREFUSED`, `kafkajs KafkaJSConnectionError`, `RangeError`. */
  origin: string;
  /** The error's message (and the deciding cause's, when that is a different link). */
  reason: string;
}

/** Node and undici transport failures: the other side is down, unreachable or too slow. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** PostgreSQL SQLSTATE classes (first two characters) that say the server, not the row, failed. */
const PG_DEPENDENCY_CLASSES = new Set(['08', '53', '57']);
const PG_MESSAGE_CLASSES = new Set(['22', '23']);

/** Errors pg and pg-pool raise without a SQLSTATE when the connection, not the query, failed. */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;
/** ioredis failures while Redis is down or failing over. */
const REDIS_UNAVAILABLE =
  /^(Connection is closed|Stream isn't writeable|Reached the max retries per request limit|LOADING |READONLY |CLUSTERDOWN |TRYAGAIN |MASTERDOWN |None of startup nodes is available)/;

const MAX_DEPTH = 8;

/**
 * Decides what an error means for the work that raised it. An explicit CodedError at the top
 * wins (the code that threw it knew); otherwise any dependency signal anywhere in the cause chain
 * makes it a dependency failure (`TypeError: fetch failed` caused by ECONNREFUSED is an outage,
 * not a bad message); then a coded cause, then message signals (PostgreSQL classes 22/23,
 * RangeError/TypeError); anything else is UNCLASSIFIED.
 */
export function classify(error: unknown): Classification {
  const links = causeChain(error);
  const top = links[0];
  const coded = codedOf(top);
  if (coded) return describe(coded.code, coded.retriable, coded.origin, top, top);
  // Deepest first: the root cause names the failure best (ECONNREFUSED under `fetch failed`).
  for (const link of [...links].reverse()) {
    const origin = dependencyOrigin(link);
    if (origin) return describe('DEPENDENCY_UNAVAILABLE', true, origin, top, link);
    const conflict = conflictOrigin(link);
    if (conflict) return describe('TRANSIENT_CONFLICT', true, conflict, top, link);
  }
  for (const link of links.slice(1)) {
    const inner = codedOf(link);
    if (inner) return describe(inner.code, inner.retriable, inner.origin, top, link);
  }
  for (const link of links) {
    const origin = messageOrigin(link);
    if (origin) return describe('MESSAGE_REJECTED', false, origin, top, link);
  }
  const name = fieldOf(top, 'name');
  return describe('UNCLASSIFIED', false, typeof name === 'string' ? name : typeof top, top, top);
}

/** True when the error says a dependency is down or slow: hold the work and retry it. */
export function isDependencyFailure(error: unknown): boolean {
  return classify(error).kind === 'dependency';
}

/** The error, its causes and (for aggregates, e.g. a refused dual-stack connect) its members. */
export function causeChain(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < MAX_DEPTH) {
    const next = queue.shift();
    if (next === undefined || next === null || out.includes(next)) continue;
    out.push(next);
    // AggregateError, and look-alikes such as kafkajs' KafkaJSAggregateError (not a subclass).
    const members = fieldOf(next, 'errors');
    if (Array.isArray(members)) queue.push(...(members as unknown[]));
    if (typeof next === 'object' && 'cause' in next) queue.push(next.cause);
  }
  return out;
}

function describe(
  code: ErrorCode,
  retriable: boolean,
  origin: string,
  top: unknown,
  link: unknown,
): Classification {
  const outer = messageOf(top);
  const inner = messageOf(link);
  const reason = link === top || outer.includes(inner) ? outer : `${outer}: ${inner}`;
  return { code, kind: kindOf(code), retriable, origin, reason };
}

function messageOf(error: unknown): string {
  const message = fieldOf(error, 'message');
  if (typeof message === 'string' && message) return message;
  const name = fieldOf(error, 'name');
  return typeof name === 'string' ? name : String(error);
}

/** A CodedError, or one from another copy of this library (same shape). */
function codedOf(error: unknown): { code: ErrorCode; retriable: boolean; origin: string } | null {
  if (error instanceof CodedError) {
    return { code: error.code, retriable: error.retriable, origin: error.origin ?? 'application' };
  }
  if (typeof error !== 'object' || error === null) return null;
  const shape = error as { code?: unknown; retriable?: unknown; origin?: unknown };
  if (!isErrorCode(shape.code) || typeof shape.retriable !== 'boolean') return null;
  const origin = typeof shape.origin === 'string' ? shape.origin : 'application';
  return { code: shape.code, retriable: shape.retriable, origin };
}

function fieldOf(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[field]
    : undefined;
}

/** A PostgreSQL server error: pg's DatabaseError carries a SQLSTATE and a severity. */
function sqlState(error: unknown): string | null {
  const code = fieldOf(error, 'code');
  const severity = fieldOf(error, 'severity');
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string'
    ? code
    : null;
}

function dependencyOrigin(error: unknown): string | null {
  const state = sqlState(error);
  if (state) return PG_DEPENDENCY_CLASSES.has(state.slice(0, 2)) ? `postgres ${state}` : null;
  const code = fieldOf(error, 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return `node ${code}`;
  // By name, not instanceof: DOMException and errors from other realms are not `Error`s here.
  const name = fieldOf(error, 'name');
  const message = fieldOf(error, 'message');
  if (typeof name !== 'string' || typeof message !== 'string') return null;
  if (name === 'TimeoutError' || name === 'AbortError') return name;
  if (name.startsWith('KafkaJS') && fieldOf(error, 'retriable') === true) return `kafkajs ${name}`;
  if (name === 'MaxRetriesPerRequestError' || REDIS_UNAVAILABLE.test(message)) return 'redis';
  if (PG_CONNECTION_MESSAGES.test(message)) return 'postgres connection';
  // undici's fetch reports every transport failure as this TypeError (cause: the socket error).
  if (name === 'TypeError' && message === 'fetch failed') return 'fetch';
  return null;
}

function conflictOrigin(error: unknown): string | null {
  const state = sqlState(error);
  return state?.startsWith('40') ? `postgres ${state}` : null;
}

function messageOrigin(error: unknown): string | null {
  const state = sqlState(error);
  if (state) return PG_MESSAGE_CLASSES.has(state.slice(0, 2)) ? `postgres ${state}` : null;
  const name = fieldOf(error, 'name');
  return name === 'RangeError' || name === 'TypeError' ? name : null;
}
