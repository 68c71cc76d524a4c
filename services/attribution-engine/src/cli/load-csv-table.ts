import { parseArgs } from 'node:util';
import { loadConfig, PostgresEnv } from '@tributary/config';
import { readTextFile } from '@tributary/csv';
import { createPool, type Pool } from '@tributary/postgres';
import { AttributionError } from '../domain/attribution-error';

export interface CsvTableLoad<Row> {
  /** The command's name: its usage line and the pool's application name. */
  name: string;
  usage: string;
  parse: (text: string) => Row[];
  write: (pool: Pool, rows: Row[]) => Promise<number>;
}

/**
 * The shape every CSV-to-table command shares: one file argument (or `-` for stdin), parse it
 * whole before touching the database (a bad line writes nothing), then upsert and print
 * `{"rows": n, "written": m}`. Exit codes: 0 done, 1 bad input, 2 usage.
 */
export async function loadCsvTable<Row>(
  load: CsvTableLoad<Row>,
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const usage = `usage: ${load.name} ${load.usage}; DATABASE_URL from the environment\n`;
  let input: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (values.help) {
      process.stderr.write(usage);
      return 0;
    }
    input = positionals.length === 1 ? positionals[0] : undefined;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
  }
  if (input === undefined) {
    process.stderr.write(usage);
    return 2;
  }
  let rows: Row[];
  try {
    rows = load.parse(readTextFile(input === '-' ? 0 : input));
  } catch (error) {
    if (!(error instanceof AttributionError) && !(error instanceof Error && 'code' in error))
      throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  const config = loadConfig(PostgresEnv, env);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: `attribution-${load.name}`,
    max: 2,
  });
  try {
    const written = await load.write(pool, rows);
    process.stdout.write(`${JSON.stringify({ rows: rows.length, written })}\n`);
    return 0;
  } finally {
    await pool.end();
  }
}
