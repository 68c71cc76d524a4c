import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { TSchema } from '@sinclair/typebox';

export interface RegistryCodec {
  encode(value: unknown): Promise<Buffer>;
  decode(value: Buffer): Promise<unknown>;
}

/**
 * Confluent wire-format encoding (magic byte, schema id, JSON) through a Confluent-compatible
 * registry (Confluent's, or Apicurio's `/apis/ccompat/v7`). The JSON Schema registered is the
 * same TypeBox schema that validates the message.
 */
export async function createRegistryCodec(url: string, subject: string, schema: TSchema): Promise<RegistryCodec> {
  const registry = new SchemaRegistry({ host: url });
  const { id } = await registry.register(
    { type: SchemaType.JSON, schema: JSON.stringify(schema) },
    { subject },
  );
  return {
    encode: (value) => registry.encode(id, value),
    decode: (value) => registry.decode(value) as Promise<unknown>,
  };
}
