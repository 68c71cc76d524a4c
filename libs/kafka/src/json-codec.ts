import type { TSchema, Static } from '@sinclair/typebox';
import { compileValidator, formatIssues } from '@tributary/schemas';
import { poison } from './errors';

export interface Codec<T> {
  decode(value: Buffer | null): Promise<T> | T;
}

/**
 * Decodes a JSON message and validates it against its schema. Bad JSON or a schema violation is
 * poison (dead-lettered with the reason), never a crash. Values in the Confluent wire format
 * (magic byte 0) are decoded by `wireDecoder` when one is configured.
 */
export function jsonCodec<S extends TSchema>(
  schema: S,
  options: { check?: (value: unknown) => { ok: true; value: Static<S> } | { ok: false; issues: { path: string; message: string }[] }; wireDecoder?: (value: Buffer) => Promise<unknown> } = {},
): Codec<Static<S>> {
  const check = options.check ?? compileValidator(schema).check;
  const validate = (parsed: unknown): Static<S> => {
    const result = check(parsed);
    if (!result.ok) throw poison('MESSAGE_INVALID', formatIssues(result.issues));
    return result.value;
  };
  return {
    decode(value) {
      if (!value || value.length === 0) throw poison('MESSAGE_UNDECODABLE', 'empty message value');
      if (value[0] === 0 && options.wireDecoder) {
        return options.wireDecoder(value).then(validate, (err: unknown) => {
          throw poison('MESSAGE_UNDECODABLE', `schema registry decode failed: ${String(err)}`, err);
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(value.toString('utf8'));
      } catch (err) {
        throw poison('MESSAGE_UNDECODABLE', 'value is not valid JSON', err);
      }
      return validate(parsed);
    },
  };
}
