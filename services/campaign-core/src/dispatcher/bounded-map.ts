/**
 * Maps `items` through `work` with at most `limit` calls in flight, keeping the input order in
 * the result. Action calls use it so that a large claimed round never opens hundreds of
 * connections at once, while the receiver still sees many requests in parallel.
 */
export async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
