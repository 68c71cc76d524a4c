import { backoffDelay, sleep, type BackoffPolicy } from '@tributary/errors';
import type { EventSink, SinkResult } from './sink';

interface GatewayBody {
  accepted?: number;
  results?: { index: number; status: string; errors?: { path: string; message: string }[] }[];
  error?: { code: string; message: string; details?: GatewayBody };
}

/** The platform's backoff (libs/errors): 200 ms doubling to 5 s, with equal jitter. */
const RETRY_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 5_000, maxAttempts: 8 };

function rejectedOf(body: GatewayBody | undefined): SinkResult['rejected'] {
  return (body?.results ?? [])
    .filter((r) => r.status === 'rejected')
    .map((r) => ({
      index: r.index,
      reason: (r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ') || 'rejected',
    }));
}

/**
 * POSTs batches to ingest-gateway. A 503 or a network error is retried with backoff (the gateway
 * answered nothing was stored); 4xx other than validation stops the load with the gateway's message.
 */
export function gatewaySink(url: string, apiKey: string | undefined, retries = 8): EventSink {
  const endpoint = new URL('/v1/events', url).toString();
  return {
    async send(events) {
      for (let attempt = 0; ; attempt += 1) {
        let response: Response;
        try {
          response = await fetch(endpoint, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(apiKey ? { 'x-api-key': apiKey } : {}),
            },
            body: JSON.stringify({ events }),
            signal: AbortSignal.timeout(30_000),
          });
        } catch (err) {
          if (attempt >= retries) throw err;
          await sleep(backoffDelay(RETRY_BACKOFF, attempt + 1));
          continue;
        }
        const body = (await response.json().catch(() => undefined)) as GatewayBody | undefined;
        if (response.status === 202)
          return { accepted: body?.accepted ?? 0, rejected: rejectedOf(body) };
        if (response.status === 400 && body?.error?.code === 'VALIDATION_FAILED') {
          return { accepted: 0, rejected: rejectedOf(body.error.details) };
        }
        if ((response.status === 503 || response.status >= 500) && attempt < retries) {
          await sleep(backoffDelay(RETRY_BACKOFF, attempt + 1));
          continue;
        }
        throw new Error(
          `gateway answered ${response.status}: ${body?.error?.message ?? 'no body'}`,
        );
      }
    },
    close: async () => undefined,
  };
}
