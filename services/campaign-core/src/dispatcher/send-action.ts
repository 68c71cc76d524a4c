import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { OutboundRefusal, redirectRefusal } from '@tributary/outbound';
import type { OutboxItem } from '../adapters/action-outbox';
import type { AttemptOutcome } from '../domain/retry-policy';

export interface SendResult {
  outcome: AttemptOutcome;
  bodyExcerpt: string | undefined;
  error: string | undefined;
}

const EXCERPT_CHARS = 500;
// 500 UTF-16 units never need more than 2,000 UTF-8 bytes; the rest of a body is read and dropped.
const EXCERPT_BYTES = 4 * EXCERPT_CHARS;

class ActionTimeout extends Error {
  constructor() {
    super('timeout');
    this.name = 'TimeoutError';
  }
}

/**
 * One HTTP attempt: identical body and the same Idempotency-Key on every retry (R23). Sent with
 * node:http(s) on Node's keep-alive global agents (they honour a receiver's Keep-Alive timeout
 * hint), which costs a fraction of the CPU of fetch per call. The caller has checked the URL
 * against the allow-list; `lookup` (from @tributary/outbound) refuses a name that resolves to a
 * refused address when a connection opens. Redirects are not followed: a 3xx is a failure. The
 * timeout covers the whole exchange, connect to last body byte.
 */
export async function sendAction(
  item: OutboxItem,
  timeoutMs: number,
  lookup: LookupFunction,
  /** This call's span as a W3C traceparent, so the receiver can join the payment's trace. */
  traceparent?: string,
): Promise<SendResult> {
  const body =
    item.body === null || item.body === undefined ? undefined : JSON.stringify(item.body);
  try {
    const { response, excerpt } = await exchange(item, body, timeoutMs, lookup, traceparent);
    const retryAfter = Number(response.headers['retry-after']);
    const status = response.statusCode ?? 0;
    return {
      outcome: {
        kind: 'response',
        status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
      },
      bodyExcerpt: excerpt.slice(0, EXCERPT_CHARS),
      error:
        status >= 300 && status < 400
          ? redirectRefusal(status, response.headers.location ?? null)
          : undefined,
    };
  } catch (err) {
    if (err instanceof ActionTimeout) {
      return { outcome: { kind: 'timeout' }, bodyExcerpt: undefined, error: 'timeout' };
    }
    // The guarded lookup refused the address: final, and its message names host and address.
    if (err instanceof OutboundRefusal) {
      return { outcome: { kind: 'refused' }, bodyExcerpt: undefined, error: err.message };
    }
    const code = (err as { code?: unknown }).code;
    const known = typeof code === 'string' ? code : undefined;
    return {
      outcome: { kind: 'transport-error', code: known },
      bodyExcerpt: undefined,
      error: known ?? (err instanceof Error ? err.message : 'transport error'),
    };
  }
}

function exchange(
  item: OutboxItem,
  body: string | undefined,
  timeoutMs: number,
  lookup: LookupFunction,
  traceparent: string | undefined,
): Promise<{ response: IncomingMessage; excerpt: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(item.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = {
      ...item.headers,
      ...(traceparent !== undefined && { traceparent }),
      ...(body !== undefined && { 'Content-Length': String(Buffer.byteLength(body)) }),
    };
    const request = send(url, { method: item.method, headers, lookup }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= EXCERPT_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('error', reject);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ response, excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString() });
      });
    });
    // Rejects first, so whatever the destroyed socket reports afterwards cannot win.
    const timer = setTimeout(() => {
      reject(new ActionTimeout());
      request.destroy();
    }, timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });
}
