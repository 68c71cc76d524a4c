export const REALTIME_ERROR_CODES = ['AT_OUT_OF_RANGE', 'LIMIT_OUT_OF_RANGE'] as const;
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];

/** A query the store cannot answer as asked (query-api maps these to 400). */
export class RealtimeQueryError extends Error {
  constructor(
    readonly code: RealtimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeQueryError';
  }
}
