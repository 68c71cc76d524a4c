import { upsertFxRates } from '../adapters/fx-rates';
import { parseFxCsv } from '../domain/parse-fx-csv';
import { loadCsvTable } from './load-csv-table';

/** Loads FX rates into fx_rates, which attribution runs and campaign-goals convert with. */
export function loadFxRates(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  return loadCsvTable(
    {
      name: 'load-fx-rates',
      usage: '<rates.csv|->   CSV columns from,to,date,rate (1 from = rate to)',
      parse: parseFxCsv,
      write: upsertFxRates,
    },
    argv,
    env,
  );
}

if (require.main === module) {
  void loadFxRates(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
