import type { Static, TSchema } from '@sinclair/typebox';
import { compileValidator, formatIssues, type Validated } from '@tributary/schemas';
import { poison } from './errors';
import { parseJsonValue } from './json-value';

export interface Codec<T> {
  decode(value: Buffer | null): T;
}

/**
 * Decodes a JSON message (plain, or in the Confluent wire format) and validates it against its
 * schema. Bad JSON or a schema violation is poison (dead-lettered with the reason), never a crash.
 */
export function jsonCodec<S extends TSchema>(
  schema: S,
  options: { check?: (value: unknown) => Validated<Static<S>> } = {},
): Codec<Static<S>> {
  const validator = compileValidator(schema);
  const check = options.check ?? ((value: unknown) => validator.check(value));
  return {
    decode(value) {
      const result = check(parseJsonValue(value));
      if (!result.ok) throw poison('MESSAGE_INVALID', formatIssues(result.issues));
      return result.value;
    },
  };
}
