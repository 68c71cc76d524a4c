import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '@tributary/http';
import type { UpstreamClient } from '../adapters/upstream-client';

/** The trust headers the campaign and attribution services read (see the campaign contract). */
export function trustHeaders(
  request: FastifyRequest,
  internalToken: string | undefined,
): Record<string, string> {
  const principal = request.principal;
  const headers: Record<string, string> = { 'x-request-id': request.id };
  if (principal) headers['x-tributary-role'] = principal.role;
  if (principal?.clientId !== undefined) headers['x-tributary-client-id'] = principal.clientId;
  if (internalToken) headers['x-internal-token'] = internalToken;
  return headers;
}

/**
 * The upstream path is rebuilt from the route Fastify matched and its decoded parameters, each
 * encoded again: the upstream sees the same resource our access check saw, whatever spelling
 * (dot segments, encoded slashes, absolute form) the client used. The query string is passed on.
 */
export function upstreamPath(request: FastifyRequest): string {
  const params = request.params as Record<string, string>;
  const path = (request.routeOptions.url ?? '').replace(/:(\w+)/g, (_match, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const query = request.url.indexOf('?');
  return query < 0 ? path : path + request.url.slice(query);
}

/**
 * Forwards the request unchanged (method, path, query, JSON body) and passes the answer back.
 * Upstream 4xx bodies already use the one error shape; an upstream 5xx is replaced by our own
 * generic error, so no upstream detail leaks.
 */
export async function forward(
  upstream: UpstreamClient,
  request: FastifyRequest,
  reply: FastifyReply,
  internalToken: string | undefined,
): Promise<FastifyReply> {
  const headers = trustHeaders(request, internalToken);
  headers.accept = 'application/json';
  const language = request.headers['accept-language'];
  if (typeof language === 'string') headers['accept-language'] = language;
  // Optimistic concurrency is the owning service's: its ETag comes back, its If-Match goes on.
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string') headers['if-match'] = ifMatch;
  const hasBody =
    request.body !== undefined && request.method !== 'GET' && request.method !== 'DELETE';
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await upstream.send({
    method: request.method,
    pathAndQuery: upstreamPath(request),
    headers,
    body: hasBody ? JSON.stringify(request.body) : undefined,
  });
  if (response.status === 503) {
    throw new HttpError('UNAVAILABLE', `${upstream.name} is unavailable; retry later`, undefined, {
      'retry-after': response.headers['retry-after'] ?? '5',
    });
  }
  if (response.status >= 500) {
    request.log.warn({ upstream: upstream.name, status: response.status }, 'upstream failed');
    throw new HttpError('BAD_GATEWAY', `${upstream.name} failed to answer`);
  }
  void reply.status(response.status).headers(response.headers);
  return reply.send(response.body.length > 0 ? response.body : undefined);
}
