import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { JsonOptions } from '@kafkajs/confluent-schema-registry/dist/@types';
import type { TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export interface RegistryCodec {
  encode(value: unknown): Promise<Buffer>;
}

/**
 * Confluent wire-format encoding (magic byte, schema id, JSON) through a Confluent-compatible
 * registry (Confluent's, or Apicurio's `/apis/ccompat/v7`). The JSON Schema registered is the
 * same TypeBox schema that validates the message. Decoding needs no registry: see parseJsonValue.
 */
export async function createRegistryCodec(url: string, subject: string, schema: TSchema): Promise<RegistryCodec> {
  // The client's own Ajv knows no formats ("date-time"); give it one that does.
  const ajv = addFormats(new Ajv({ strict: false }));
  // The client types name its own Ajv 7; it only calls addSchema and compile, which Ajv 8 has.
  const ajvInstance = {
    addSchema: (s: object, key?: string) => ajv.addSchema(s, key),
    compile: (s: object) => ajv.compile(s),
  } as unknown as JsonOptions['ajvInstance'];
  const registry = new SchemaRegistry({ host: url }, { [SchemaType.JSON]: { ajvInstance } });
  const { id } = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(schema) }, { subject });
  return { encode: (value) => registry.encode(id, value) };
}
