import type { Pool } from '@tributary/postgres';
import type { CatalogueEntry } from '../domain/parse-catalogue';
import { LOAD_CATALOGUE_SQL } from '../sql/upsert-products';

/** Writes the catalogue into the products dimension; returns the rows that changed. */
export async function loadCatalogue(
  pool: Pool,
  entries: readonly CatalogueEntry[],
): Promise<number> {
  let changed = 0;
  for (let at = 0; at < entries.length; at += 5_000) {
    const chunk = entries.slice(at, at + 5_000);
    const { rowCount } = await pool.query(LOAD_CATALOGUE_SQL, [
      chunk.map((e) => e.productId),
      chunk.map((e) => e.categoryId),
    ]);
    changed += rowCount ?? 0;
  }
  return changed;
}
