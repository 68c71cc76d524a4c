import { Agent } from 'node:https';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { JsonOptions } from '@kafkajs/confluent-schema-registry/dist/@types';
import type { ValidateFunction } from '@kafkajs/confluent-schema-registry/dist/JsonSchema';
import type { TSchema } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@tributary/config';
import { compileValidator } from '@tributary/schemas';
import { readConfigFile, secretFrom, type FileReader } from '@tributary/config';

/** Basic auth (Confluent Cloud: an API key and secret) and a private CA, from registryAccessFrom. */
export interface RegistryAccess {
  auth?: { username: string; password: string };
  /** PEM CA bundle for an https registry whose certificate a private CA signed. */
  ca?: string;
}

export interface RegistryAccessEnv {
  SCHEMA_REGISTRY_USERNAME?: string;
  SCHEMA_REGISTRY_PASSWORD?: string;
  SCHEMA_REGISTRY_PASSWORD_FILE?: string;
  SCHEMA_REGISTRY_CA_FILE?: string;
}

/** The SCHEMA_REGISTRY_* credentials; a user without a password (or the reverse) fails naming it. */
export function registryAccessFrom(env: RegistryAccessEnv, read?: FileReader): RegistryAccess {
  const password = secretFrom(
    'SCHEMA_REGISTRY_PASSWORD',
    env.SCHEMA_REGISTRY_PASSWORD,
    env.SCHEMA_REGISTRY_PASSWORD_FILE,
    read,
  );
  if ((env.SCHEMA_REGISTRY_USERNAME === undefined) !== (password === undefined)) {
    const missing =
      password === undefined ? 'SCHEMA_REGISTRY_PASSWORD' : 'SCHEMA_REGISTRY_USERNAME';
    throw new ConfigError([
      { variable: missing, message: 'basic auth needs a user and a password' },
    ]);
  }
  const access: RegistryAccess = {};
  if (env.SCHEMA_REGISTRY_USERNAME !== undefined && password !== undefined) {
    access.auth = { username: env.SCHEMA_REGISTRY_USERNAME, password };
  }
  if (env.SCHEMA_REGISTRY_CA_FILE) {
    access.ca = readConfigFile(
      'SCHEMA_REGISTRY_CA_FILE',
      env.SCHEMA_REGISTRY_CA_FILE,
      read ?? ((path) => readFileSync(path, 'utf8')),
    );
  }
  return access;
}

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
  access: RegistryAccess = {},
): Promise<RegistryCodec> {
  const registry = new SchemaRegistry(
    {
      host: url,
      auth: access.auth,
      agent: access.ca ? new Agent({ ca: access.ca, keepAlive: true }) : undefined,
    },
    { [SchemaType.JSON]: { ajvInstance: typeboxValidation(schema) } },
  );
  const { id } = await registry.register(
    { type: SchemaType.JSON, schema: JSON.stringify(schema) },
    { subject },
  );
  return { encode: (value) => registry.encode(id, value) };
}
