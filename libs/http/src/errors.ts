/** The closed list of error codes the HTTP edge answers with. */
export const HTTP_ERROR_CODES = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; details?: unknown; request_id?: string };
}

export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = HTTP_ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new HttpError('NOT_FOUND', `${what} not found`);
export const badRequest = (message: string, details?: unknown) =>
  new HttpError('BAD_REQUEST', message, details);
export const unavailable = (message: string, retryAfterSeconds = 5) =>
  new HttpError('UNAVAILABLE', message, undefined, { 'retry-after': String(retryAfterSeconds) });
