import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { JsonOptions } from '@kafkajs/confluent-schema-registry/dist/@types';
import type { ValidateFunction } from '@kafkajs/confluent-schema-registry/dist/JsonSchema';
import type { TSchema } from '@sinclair/typebox';
import { compileValidator } from '@tributary/schemas';

export interface RegistryCodec {
  encode(value: unknown): Promise<Buffer>;
}

/**
 * The registry client validates every payload before encoding it. Its own Ajv knows no formats
 * ("date-time"), so it gets our compiled TypeBox validator of the same schema instead: one
 * definition checks the message everywhere.
 */
function typeboxValidation(schema: TSchema): NonNullable<JsonOptions['ajvInstance']> {
  const validator = compileValidator(schema);
  const compile = (): ValidateFunction => {
    const validate: ValidateFunction = (data: unknown) => {
      const result = validator.check(data);
      validate.errors = result.ok
        ? null
        : result.issues.map((i) => ({ instancePath: i.path, message: i.message }));
      return result.ok;
    };
    return validate;
  };
  const instance = { addSchema: () => instance, compile };
  return instance as unknown as NonNullable<JsonOptions['ajvInstance']>;
}

/**
 * Confluent wire-format encoding (magic byte, schema id, JSON) through a Confluent-compatible
 * registry (Confluent's, or Apicurio's `/apis/ccompat/v7`). The JSON Schema registered is the
 * same TypeBox schema that validates the message. Decoding needs no registry: see parseJsonValue.
 */
export async function createRegistryCodec(
  url: string,
  subject: string,
  schema: TSchema,
): Promise<RegistryCodec> {
  const registry = new SchemaRegistry(
    { host: url },
    { [SchemaType.JSON]: { ajvInstance: typeboxValidation(schema) } },
  );
  const { id } = await registry.register(
    { type: SchemaType.JSON, schema: JSON.stringify(schema) },
    { subject },
  );
  return { encode: (value) => registry.encode(id, value) };
}
