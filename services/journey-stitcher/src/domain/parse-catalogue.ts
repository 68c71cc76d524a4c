import { CsvFormatError, parseCsvRecords } from '@tributary/csv';

export interface CatalogueEntry {
  productId: string;
  categoryId: string;
}

export class CatalogueError extends Error {}

/**
 * The product -> category map as CSV (`productid,categoryid`, the case's
 * product-category-map.csv; `product_id,category_id` also read). A product listed twice with two
 * categories is refused: the catalogue is the authority, so it must not contradict itself.
 */
export function parseCatalogue(text: string): CatalogueEntry[] {
  // The platform's one CSV reader (libs/csv): quoted cells, CRLF, and `;` as Turkish-locale
  // spreadsheets export it.
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvFormatError)
      throw new CatalogueError(`line ${error.line}: ${error.message}`);
    throw error;
  }
  const [first, ...rest] = records;
  const header = (first?.cells ?? []).map((cell) => cell.trim().toLowerCase().replaceAll('_', ''));
  const productAt = header.indexOf('productid');
  const categoryAt = header.indexOf('categoryid');
  if (productAt < 0 || categoryAt < 0)
    throw new CatalogueError('line 1: expected the columns productid,categoryid');
  const seen = new Map<string, { categoryId: string; line: number }>();
  for (const { cells, line: at } of rest) {
    const productId = (cells[productAt] ?? '').trim();
    const categoryId = (cells[categoryAt] ?? '').trim();
    if (productId === '' && categoryId === '' && cells.every((c) => c.trim() === '')) continue;
    if (productId === '' || categoryId === '')
      throw new CatalogueError(`line ${at}: a product id and a category id are required`);
    const earlier = seen.get(productId);
    if (earlier && earlier.categoryId !== categoryId)
      throw new CatalogueError(
        `line ${at}: ${productId} is in ${categoryId} here and in ${earlier.categoryId} on line ${earlier.line}`,
      );
    seen.set(productId, { categoryId, line: at });
  }
  if (seen.size === 0) throw new CatalogueError('the catalogue has no products');
  return [...seen].map(([productId, { categoryId }]) => ({ productId, categoryId }));
}
