import { OutboundRefusal, redirectRefusal, type OutboundClient } from '@tributary/outbound';

export interface GetSettings {
  /** The allow-list (ADHOC_ or FX_ALLOWED_HOSTS) and the connect-time address check. */
  outbound: OutboundClient;
  timeoutMs: number;
  /** Extra attempts after a transport error or a 5xx. */
  retries: number;
}

export type GetOutcome =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; reason: string; status?: number; attempts: number };

/**
 * GET to an allow-listed host with a timeout and bounded retries (transport errors and 5xx only,
 * with backoff and jitter). Redirects are not followed, so a redirect cannot leave the allow-list:
 * a 3xx is a failure. A refusal (allow-list, address) is never retried. Never throws: every
 * failure is a reason.
 */
export async function allowedGet(url: string, settings: GetSettings): Promise<GetOutcome> {
  const checked = settings.outbound.check(url);
  if (!checked.ok) return { ok: false, reason: checked.reason, attempts: 0 };
  let last: GetOutcome = { ok: false, reason: 'not called', attempts: 0 };
  for (let attempt = 1; attempt <= settings.retries + 1; attempt += 1) {
    try {
      const response = await settings.outbound.fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const body = await response.text();
      if (response.status >= 300 && response.status < 400) {
        const reason = redirectRefusal(response.status, response.headers.get('location'));
        return { ok: false, reason, status: response.status, attempts: attempt };
      }
      if (response.status < 500)
        return { ok: true, status: response.status, body, attempts: attempt };
      last = {
        ok: false,
        reason: `HTTP status ${response.status}`,
        status: response.status,
        attempts: attempt,
      };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { ok: false, reason: refusal.message, attempts: attempt };
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      last = {
        ok: false,
        reason: timedOut
          ? `timed out after ${settings.timeoutMs} ms`
          : `transport error: ${messageOf(error)}`,
        attempts: attempt,
      };
    }
    if (attempt <= settings.retries) await pause(100 * 2 ** (attempt - 1) * (0.5 + Math.random()));
  }
  return last;
}

/** fetch wraps what the connector refused as the cause of its TypeError. */
function refusalOf(error: unknown): OutboundRefusal | undefined {
  if (error instanceof OutboundRefusal) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof OutboundRefusal ? cause : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
