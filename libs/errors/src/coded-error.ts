import { kindOf, type ErrorCode } from './error-codes';

export interface CodedErrorOptions {
  cause?: unknown;
  /** Overrides the default of the code's kind (only dependency errors are retriable by default). */
  retriable?: boolean;
  /** Where it came from, for the dead letter and the log: `postgres 22003`, `fx-rates`, `decode`. */
  origin?: string;
}

/** An error with a code from the closed list, a `retriable` flag and a `cause` chain. */
export class CodedError extends Error {
  readonly retriable: boolean;
  readonly origin: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: CodedErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodedError';
    this.retriable = options.retriable ?? kindOf(code) === 'dependency';
    this.origin = options.origin;
  }
}

/**
 * A dependency is down, refusing or too slow: the work is held and retried, never dead-lettered.
 * At the HTTP edge: 503 with `Retry-After: retryAfterSeconds`.
 */
export class DependencyUnavailableError extends CodedError {
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    options: { cause?: unknown; origin?: string; retryAfterSeconds?: number } = {},
  ) {
    super('DEPENDENCY_UNAVAILABLE', message, { ...options, retriable: true });
    this.name = 'DependencyUnavailableError';
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** The message itself is at fault: dead-letter it with this code and reason, and go on. */
export function messageError(
  code: 'MESSAGE_UNDECODABLE' | 'MESSAGE_INVALID' | 'MESSAGE_REJECTED',
  message: string,
  options: { cause?: unknown; origin?: string } = {},
): CodedError {
  return new CodedError(code, message, { ...options, retriable: false });
}
