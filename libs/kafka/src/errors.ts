/** Error codes a message handler can raise; the consumer runner decides by `retriable`. */
export const PROCESSING_ERROR_CODES = [
  'MESSAGE_UNDECODABLE',
  'MESSAGE_INVALID',
  'MESSAGE_REJECTED',
  'DEPENDENCY_UNAVAILABLE',
] as const;
export type ProcessingErrorCode = (typeof PROCESSING_ERROR_CODES)[number];

export class ProcessingError extends Error {
  constructor(
    readonly code: ProcessingErrorCode,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProcessingError';
  }
}

/** A message that can never succeed (bad content, unknown currency...): dead-letter it. */
export function poison(
  code: ProcessingErrorCode,
  message: string,
  cause?: unknown,
): ProcessingError {
  return new ProcessingError(code, message, false, { cause });
}

/** Unknown errors are treated as retriable: an outage must not send good messages to the DLQ. */
export function isRetriable(error: unknown): boolean {
  return !(error instanceof ProcessingError) || error.retriable;
}
