import type { AttemptOutcome } from '../domain/retry-policy';
import type { OutboxItem } from '../adapters/action-outbox';

export interface SendResult {
  outcome: AttemptOutcome;
  bodyExcerpt: string | undefined;
  error: string | undefined;
}

const EXCERPT_CHARS = 500;

/** One HTTP attempt: identical body and the same Idempotency-Key on every retry (R23). */
export async function sendAction(item: OutboxItem, timeoutMs: number): Promise<SendResult> {
  try {
    const response = await fetch(item.url, {
      method: item.method,
      headers: item.headers,
      body: item.body === null || item.body === undefined ? undefined : JSON.stringify(item.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = await response.text();
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      outcome: {
        kind: 'response',
        status: response.status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
      },
      bodyExcerpt: text.slice(0, EXCERPT_CHARS),
      error: undefined,
    };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { outcome: { kind: 'timeout' }, bodyExcerpt: undefined, error: 'timeout' };
    }
    const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
    return {
      outcome: { kind: 'transport-error', code: cause?.code },
      bodyExcerpt: undefined,
      error: cause?.code ?? (err instanceof Error ? err.message : 'transport error'),
    };
  }
}
