import type { Random } from './random';

export interface Product {
  productId: string;
  categoryId: string;
  price: number;
}

/** A catalogue in the case's naming (product-N, category-M), with prices for order revenue. */
export function makeCatalogue(random: Random, products: number, categories: number): Product[] {
  return Array.from({ length: products }, (_, i) => ({
    productId: `product-${i + 1}`,
    categoryId: `category-${random.int(1, categories)}`,
    price: random.int(20, 2500),
  }));
}
