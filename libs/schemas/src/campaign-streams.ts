import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode } from './customer-event';
import { compileValidator, type Validated } from './validation';

/**
 * Stream definitions of the campaign seed (002), keys kebab-case exactly as the seed writes them.
 * This is the shape only; campaign-goals checks the meaning (cron, span, paths, topic).
 */

/** The seed writes ids as JSON numbers; strings are accepted too (client ids often are). */
export const SeedId = Type.Union([
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s]+$' }),
]);
export type SeedId = Static<typeof SeedId>;

/** A dot path into a record's JSON, e.g. `data.payment.invoice.amount` (grammar in the README). */
export const JsonPathText = Type.String({ minLength: 1, maxLength: 256 });

export const StreamSource = Type.Object(
  {
    topic: Type.String({ minLength: 1, maxLength: 2048 }),
    type: Type.Union([Type.Literal('add'), Type.Literal('subtract')]),
    'client-id-path': JsonPathText,
    'amount-path': JsonPathText,
    'currency-path': JsonPathText,
    /** .NET TimeSpan text such as " 6:0:0:0" (6 days). */
    span: Type.Optional(Type.String({ maxLength: 64 })),
    /** Extensions: event time, original transaction id (cancellations), record id (dedup). */
    'timestamp-path': Type.Optional(JsonPathText),
    'reference-path': Type.Optional(JsonPathText),
    'id-path': Type.Optional(JsonPathText),
  },
  { additionalProperties: false },
);
export type StreamSource = Static<typeof StreamSource>;

export const StreamDefinition = Type.Object(
  {
    'stream-id': SeedId,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** A 5-field cron evaluated in the service's configured time zone. */
    frequency: Type.String({ minLength: 1, maxLength: 100 }),
    'target-currency': CurrencyCode,
    sources: Type.Array(StreamSource, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type StreamDefinition = Static<typeof StreamDefinition>;

const streamValidator = compileValidator(StreamDefinition);

/** Checks the shape of a stream definition; the meaning is checked by campaign-goals. */
export function checkStreamDefinitionShape(input: unknown): Validated<StreamDefinition> {
  return streamValidator.check(input);
}
