import type { Random } from './random';

export interface Product {
  productId: string;
  categoryId: string;
  price: number;
}

/**
 * A catalogue in the case's naming (product-N, category-M), with prices for order revenue. The
 * case's own product-category map, when given, decides the category of every product it names:
 * the synthetic traffic then never contradicts the case's files (product-170 stays in
 * category-2). The random draw happens either way, so a seed gives the same traffic.
 */
export function makeCatalogue(
  random: Random,
  products: number,
  categories: number,
  categoryMap: ReadonlyMap<string, string> = new Map(),
): Product[] {
  return Array.from({ length: products }, (_, i) => {
    const productId = `product-${i + 1}`;
    const drawn = `category-${random.int(1, categories)}`;
    return {
      productId,
      categoryId: categoryMap.get(productId) ?? drawn,
      price: random.int(20, 2500),
    };
  });
}
