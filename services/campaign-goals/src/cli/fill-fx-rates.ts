import { parseArgs } from 'node:util';
import { Type } from '@sinclair/typebox';
import { LogEnv, PostgresEnv, loadConfig } from '@tributary/config';
import { createLogger } from '@tributary/logging';
import { createOutboundClient, parseAllowList } from '@tributary/outbound';
import { createPool } from '@tributary/postgres';
import {
  fxKey,
  tableFxProvider,
  tableThenHttpFxProvider,
  type FxRequest,
} from '../adapters/fx-rates';
import { GoalsConfigSchema } from '../config';

const USAGE = `usage: fill-fx-rates --pair USD:TRY [--pair EUR:TRY ...] --from YYYY-MM-DD --to YYYY-MM-DD
  Asks the HTTP FX provider (FX_HTTP_URL_TEMPLATE, FX_ALLOWED_HOSTS) for every pair and day of
  the range that fx_rates lacks, and stores what it answers. DATABASE_URL from the environment.`;

/** The provider's settings, read from the same variables campaign-goals uses. */
const FillConfigSchema = Type.Composite([
  LogEnv,
  PostgresEnv,
  Type.Pick(GoalsConfigSchema, ['FX_ALLOWED_HOSTS', 'FX_TIMEOUT_MS']),
  Type.Object({ FX_HTTP_URL_TEMPLATE: Type.String({ pattern: '^https?://' }) }),
]);

const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3_660;

export class FillUsageError extends Error {}

export interface FillRequest {
  pairs: { from: string; to: string }[];
  days: string[];
}

/** Reads the arguments into pairs and the days of the range (inclusive), or says what is wrong. */
export function parseFillArgs(argv: readonly string[]): FillRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        pair: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new FillUsageError((error as Error).message);
  }
  const pairs = (values.pair ?? []).map((text) => {
    const [from, to] = text.split(':');
    if (!from || !to || !CURRENCY.test(from) || !CURRENCY.test(to) || from === to) {
      throw new FillUsageError(`--pair ${text}: expected two different ISO 4217 codes, FROM:TO`);
    }
    return { from, to };
  });
  if (pairs.length === 0) throw new FillUsageError('give at least one --pair');
  const { from, to } = values;
  if (!from || !to || !DAY.test(from) || !DAY.test(to)) {
    throw new FillUsageError('--from and --to are days, YYYY-MM-DD');
  }
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new FillUsageError('--from must be a real day on or before --to');
  }
  const count = (end - start) / 86_400_000 + 1;
  if (count > MAX_DAYS) throw new FillUsageError(`at most ${MAX_DAYS} days at once`);
  const days = Array.from({ length: count }, (_, i) =>
    new Date(start + i * 86_400_000).toISOString().slice(0, 10),
  );
  return { pairs, days };
}

export interface FillOutcome {
  requested: number;
  already: number;
  fetched: number;
  /** Pair-days the provider answered without a rate (404, no number). */
  unavailable: string[];
}

/** Fills fx_rates from the HTTP provider: the same provider and table campaign-goals converts with. */
export async function fillFxRates(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  let request: FillRequest;
  try {
    if (argv.includes('--help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    request = parseFillArgs(argv);
  } catch (error) {
    if (!(error instanceof FillUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(FillConfigSchema, env);
  const logger = createLogger({ service: 'fill-fx-rates', level: config.LOG_LEVEL });
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: 'campaign-goals-fill-fx-rates',
    max: 2,
  });
  try {
    const requests: FxRequest[] = request.pairs.flatMap((pair) =>
      request.days.map((date) => ({ ...pair, date })),
    );
    const known = await tableFxProvider(pool).rates(requests);
    const provider = tableThenHttpFxProvider(
      pool,
      {
        urlTemplate: config.FX_HTTP_URL_TEMPLATE,
        outbound: createOutboundClient({
          allowList: parseAllowList(config.FX_ALLOWED_HOSTS, 'FX_ALLOWED_HOSTS'),
        }),
        timeoutMs: config.FX_TIMEOUT_MS,
        retries: 2,
      },
      logger,
    );
    // Throws DependencyUnavailableError when the provider is down: nothing half-reported.
    const found = await provider.rates(requests);
    const outcome: FillOutcome = {
      requested: requests.length,
      already: known.size,
      fetched: found.size - known.size,
      unavailable: requests.filter((r) => !found.has(fxKey(r))).map(fxKey),
    };
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return outcome.unavailable.length === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  fillFxRates(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
