import { CodedError, type ErrorCode } from '@tributary/errors';

export { classify, type Classification } from '@tributary/errors';

/** Error codes a message handler can raise: the shared vocabulary of libs/errors. */
export type ProcessingErrorCode = ErrorCode;

/** A CodedError with the consumer's historical constructor (code, message, retriable). */
export class ProcessingError extends CodedError {
  constructor(
    code: ProcessingErrorCode,
    message: string,
    retriable: boolean,
    options?: { cause?: unknown; origin?: string },
  ) {
    super(code, message, { ...options, retriable });
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
