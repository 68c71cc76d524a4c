/** Codes of the refusals, so callers decide by code rather than by message text. */
export type OutboundRefusalCode =
  | 'UNSAFE_TEMPLATE_VALUE'
  | 'URL_INVALID'
  | 'HOST_NOT_ALLOWED'
  | 'ADDRESS_NOT_ALLOWED'
  | 'REDIRECT_NOT_FOLLOWED';

/** A call this library will not make; never retriable, since the same call is refused again. */
export class OutboundRefusal extends Error {
  readonly retriable = false;

  constructor(
    readonly code: OutboundRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefusal';
  }
}
