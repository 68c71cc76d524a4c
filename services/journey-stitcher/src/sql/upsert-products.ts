import type { ProductCategory } from '../domain/raw-event-row';

/**
 * The newest fact per product wins (ties by category id), whatever the arrival order, among
 * events only: a category loaded from the catalogue (migration 0103) is never changed by one.
 */
export const UPSERT_PRODUCTS_SQL = `
INSERT INTO products AS p (product_id, category_id, updated_at)
SELECT DISTINCT ON (product_id) product_id, category_id, updated_at
FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS i(product_id, category_id, updated_at)
ORDER BY product_id, updated_at DESC, category_id COLLATE "C" DESC
ON CONFLICT (product_id) DO UPDATE SET category_id = EXCLUDED.category_id, updated_at = EXCLUDED.updated_at
WHERE p.source = 'event'
  AND (EXCLUDED.updated_at, EXCLUDED.category_id) > (p.updated_at, p.category_id)`;

/** A catalogue load: authoritative, it replaces any category (an event's or an older load's). */
export const LOAD_CATALOGUE_SQL = `
INSERT INTO products AS p (product_id, category_id, updated_at, source)
SELECT product_id, category_id, now(), 'catalogue'
FROM unnest($1::text[], $2::text[]) AS i(product_id, category_id)
ON CONFLICT (product_id) DO UPDATE
SET category_id = EXCLUDED.category_id, updated_at = EXCLUDED.updated_at, source = 'catalogue'
WHERE p.source <> 'catalogue' OR p.category_id <> EXCLUDED.category_id`;

export function upsertProductsParams(products: readonly ProductCategory[]): unknown[] {
  return [
    products.map((p) => p.productId),
    products.map((p) => p.categoryId),
    products.map((p) => p.updatedAt),
  ];
}
