import { HttpError } from '@tributary/http';
import { RealtimeQueryError } from '@tributary/realtime-store';

export type StoreName = 'redis' | 'postgres';
export type StoreGuard = <T>(store: StoreName, work: () => Promise<T>) => Promise<T>;

/**
 * Bounds every store call: a failure or a slow answer becomes 503 with Retry-After instead of a
 * 500 or a hung request. The cause travels on the error so the edge logs it once.
 */
export function createStoreGuard(timeoutMs: number, retryAfterSeconds = 5): StoreGuard {
  return async (store, work) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${store} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof RealtimeQueryError) throw new HttpError('BAD_REQUEST', error.message);
      const unavailable = new HttpError(
        'UNAVAILABLE',
        `${store} is unavailable; retry later`,
        undefined,
        {
          'retry-after': String(retryAfterSeconds),
        },
      );
      throw Object.assign(unavailable, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
}
