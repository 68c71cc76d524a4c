import { parseArgs } from 'node:util';
import { Type, type Static } from '@sinclair/typebox';
import { LogEnv, PostgresEnv, loadConfig } from '@tributary/config';
import { createLogger, type Logger } from '@tributary/logging';
import { createPool, type Pool } from '@tributary/postgres';
import { StitchingEnv, stitchingPolicyOf } from '../config';
import type { StitchingPolicy } from '../domain/stitching-policy';

export const CliEnv = Type.Composite([
  LogEnv,
  PostgresEnv,
  StitchingEnv,
  Type.Object({
    CLI_STATEMENT_TIMEOUT_MS: Type.Integer({
      minimum: 1_000,
      maximum: 86_400_000,
      default: 3_600_000,
    }),
  }),
]);
export type CliConfig = Readonly<Static<typeof CliEnv>>;

export interface CliContext {
  pool: Pool;
  policy: StitchingPolicy;
  logger: Logger;
}

/** Same settings as the service (the journey definition must match), from the environment. */
export function cliContext(env: Record<string, string | undefined>, name: string): CliContext {
  const config = loadConfig(CliEnv, env);
  const logger = createLogger({ service: `journey-stitcher-${name}`, level: config.LOG_LEVEL });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: `journey-stitcher-${name}`,
    max: 2,
    statementTimeoutMs: config.CLI_STATEMENT_TIMEOUT_MS,
  });
  return { pool, policy: stitchingPolicyOf(config), logger };
}

export class UsageError extends Error {}

export type ArgValues = Record<string, string | boolean | undefined>;

/** --from and --to as ISO instants, from < to; other options as given. */
export function parseRangeArgs(
  argv: string[],
  options: Record<string, { type: 'string' | 'boolean' }>,
): { from: Date; to: Date; values: ArgValues } {
  const parsed = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, to: { type: 'string' }, ...options },
    strict: true,
  });
  const values = parsed.values as ArgValues;
  const instant = (name: string): Date => {
    const text = values[name];
    const at = typeof text === 'string' ? new Date(text) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--${name} must be an ISO-8601 instant`);
    return at;
  };
  const from = instant('from');
  const to = instant('to');
  if (from >= to) throw new UsageError('--from must be before --to');
  return { from, to, values };
}
