import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCatalogue } from '../adapters/catalogue-store';
import { CatalogueError, parseCatalogue } from '../domain/parse-catalogue';
import { cliContext } from './cli-context';

const USAGE = `usage: load-catalogue <product-category-map.csv|->
Makes the map the authority for its products' categories in the products dimension: events no
longer change them (migration 0103). Prints {"products": n, "changed": m}.`;

async function main(argv: string[]): Promise<number> {
  let input: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (values.help) {
      console.error(USAGE);
      return 0;
    }
    input = positionals.length === 1 ? positionals[0] : undefined;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
  }
  if (input === undefined) {
    console.error(USAGE);
    return 2;
  }
  let entries;
  try {
    entries = parseCatalogue(readFileSync(input === '-' ? 0 : input, 'utf8'));
  } catch (err) {
    if (!(err instanceof CatalogueError) && !(err instanceof Error && 'code' in err)) throw err;
    console.error(`error: ${err.message}`);
    return 1;
  }
  const { pool } = cliContext(process.env, 'load-catalogue');
  try {
    const changed = await loadCatalogue(pool, entries);
    process.stdout.write(`${JSON.stringify({ products: entries.length, changed })}\n`);
    return 0;
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
