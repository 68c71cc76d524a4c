import { HttpError } from '@tributary/http';

export interface UpstreamRequest {
  method: string;
  /** Path and query string, e.g. `/v1/streams?x=1`: forwarded unchanged. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface UpstreamClient {
  readonly name: string;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
}

const PASSED_BACK = [
  'content-type',
  'location',
  'etag',
  'last-modified',
  'retry-after',
  'content-disposition',
];

/**
 * A bounded HTTP call to a Tributary service. A refused connection becomes 503 and a timeout 504,
 * both with Retry-After; nothing waits longer than `timeoutMs`.
 */
export function createUpstreamClient(
  name: string,
  baseUrl: string,
  timeoutMs: number,
): UpstreamClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    name,
    async send(request) {
      let response: Response;
      let body: Buffer;
      try {
        response = await fetch(`${base}${request.pathAndQuery}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        const timedOut = (error as { name?: unknown } | undefined)?.name === 'TimeoutError';
        const failure = timedOut
          ? new HttpError('TIMEOUT', `${name} did not answer in time; retry later`, undefined, {
              'retry-after': '5',
            })
          : new HttpError('UNAVAILABLE', `${name} is unavailable; retry later`, undefined, {
              'retry-after': '5',
            });
        throw Object.assign(failure, { cause: error });
      }
      const headers: Record<string, string> = {};
      for (const name of PASSED_BACK) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: response.status, headers, body };
    },
  };
}
