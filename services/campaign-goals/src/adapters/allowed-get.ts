import { isHostAllowed } from '../domain/adhoc-query-url';

export interface GetSettings {
  allowedHosts: readonly string[];
  timeoutMs: number;
  /** Extra attempts after a transport error or a 5xx. */
  retries: number;
}

export type GetOutcome =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; reason: string; status?: number; attempts: number };

/**
 * GET to an allow-listed host with a timeout and bounded retries (transport errors and 5xx only,
 * with backoff and jitter). Redirects are not followed, so a redirect cannot leave the allow-list.
 * Never throws: every failure is a reason.
 */
export async function allowedGet(url: string, settings: GetSettings): Promise<GetOutcome> {
  try {
    if (!isHostAllowed(url, settings.allowedHosts)) {
      return {
        ok: false,
        reason: `host of ${new URL(url).host} is not on the allow-list`,
        attempts: 0,
      };
    }
  } catch {
    return { ok: false, reason: 'not a valid URL', attempts: 0 };
  }
  let last: GetOutcome = { ok: false, reason: 'not called', attempts: 0 };
  for (let attempt = 1; attempt <= settings.retries + 1; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'GET',
        redirect: 'manual',
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const body = await response.text();
      if (response.status < 500)
        return { ok: true, status: response.status, body, attempts: attempt };
      last = {
        ok: false,
        reason: `HTTP status ${response.status}`,
        status: response.status,
        attempts: attempt,
      };
    } catch (error) {
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

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
