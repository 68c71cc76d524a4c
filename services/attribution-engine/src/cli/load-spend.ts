import { upsertSpend } from '../adapters/ad-spend';
import { parseSpendCsv } from '../domain/parse-spend-csv';
import { loadCsvTable } from './load-csv-table';

/** Loads ad spend (channel, day, cost) into attribution_ad_spend; a later file overwrites a day. */
export function loadSpend(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  return loadCsvTable(
    {
      name: 'load-spend',
      usage: '<spend.csv|->   CSV columns channel,day,cost',
      parse: parseSpendCsv,
      write: upsertSpend,
    },
    argv,
    env,
  );
}

if (require.main === module) {
  void loadSpend(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
