import { readFileSync } from 'node:fs';
import { loadConfig, PostgresEnv } from '@tributary/config';
import { createPool } from '@tributary/postgres';
import { upsertFxRates } from '../adapters/fx-rates';
import { AttributionError } from '../domain/attribution-error';
import { parseFxCsv } from '../domain/parse-fx-csv';

const USAGE =
  'usage: load-fx-rates <rates.csv|->   CSV columns from,to,date,rate (1 from = rate to); DATABASE_URL from the environment';

/** Loads FX rates into fx_rates, which attribution runs and campaign-goals convert with. */
export async function loadFxRates(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const input = argv[0];
  if (!input || argv.length > 1 || input === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return input === '--help' ? 0 : 2;
  }
  let rows;
  try {
    rows = parseFxCsv(readFileSync(input === '-' ? 0 : input, 'utf8'));
  } catch (error) {
    if (!(error instanceof AttributionError) && !(error instanceof Error && 'code' in error))
      throw error;
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const config = loadConfig(PostgresEnv, env);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: 'attribution-load-fx-rates',
    max: 2,
  });
  try {
    const written = await upsertFxRates(pool, rows);
    process.stdout.write(`${JSON.stringify({ rows: rows.length, written })}\n`);
    return 0;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void loadFxRates(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
