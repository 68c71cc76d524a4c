import { readFileSync } from 'node:fs';
import { loadConfig, PostgresEnv } from '@tributary/config';
import { createPool } from '@tributary/postgres';
import { upsertSpend } from '../adapters/ad-spend';
import { AttributionError } from '../domain/attribution-error';
import { parseSpendCsv } from '../domain/parse-spend-csv';

const USAGE =
  'usage: load-spend <spend.csv|->   CSV columns channel,day,cost; DATABASE_URL from the environment';

/** Loads ad spend (channel, day, cost) into attribution_ad_spend; a later file overwrites a day. */
export async function loadSpend(
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
    rows = parseSpendCsv(readFileSync(input === '-' ? 0 : input, 'utf8'));
  } catch (error) {
    if (!(error instanceof AttributionError) && !(error instanceof Error && 'code' in error))
      throw error;
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
  const config = loadConfig(PostgresEnv, env);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: 'attribution-load-spend',
    max: 2,
  });
  try {
    const written = await upsertSpend(pool, rows);
    process.stdout.write(`${JSON.stringify({ rows: rows.length, written })}\n`);
    return 0;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void loadSpend(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
