export const ATTRIBUTION_ERROR_CODES = [
  'invalid_input',
  'invalid_option',
  'unknown_model',
  'missing_days',
  'too_many_channels',
  'revenue_overflow',
  'solver_failed',
] as const;
export type AttributionErrorCode = (typeof ATTRIBUTION_ERROR_CODES)[number];

/** Every failure of the attribution domain: callers branch on `code`, never on the message. */
export class AttributionError extends Error {
  override readonly name = 'AttributionError';
  constructor(
    readonly code: AttributionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
