import type { Static, TObject } from '@sinclair/typebox';
import { CodedError } from '@tributary/errors';
import { coerceWithDefaults, compileValidator } from '@tributary/schemas';

/** Code CONFIG_INVALID, never retriable: the process must not start with it. */
export class ConfigError extends CodedError {
  declare readonly code: 'CONFIG_INVALID';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'CONFIG_INVALID',
      `invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`,
      { origin: 'config' },
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads the variables a schema names from `env` (keys are the environment variable names),
 * applies defaults, converts strings to numbers/booleans, validates bounds, and returns a frozen
 * typed object. The only place that reads the environment is the caller of this function
 * (a service's main.ts), which passes `process.env`.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<Static<S>> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') picked[key] = raw;
  }
  const candidate = coerceWithDefaults(schema, picked);
  const result = compileValidator(schema).check(candidate);
  if (!result.ok) {
    throw new ConfigError(
      result.issues.map((issue) => ({
        variable: issue.path.replace(/^\//, '').split('/')[0] || '(root)',
        message: issue.message,
      })),
    );
  }
  return Object.freeze(result.value);
}
