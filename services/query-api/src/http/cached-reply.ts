import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A serialized answer with its validator, built once and reused while the data is unchanged. */
export interface CachedBody {
  readonly body: string;
  /** The body encoded once: sending a Buffer skips a per-request UTF-8 encoding of the string. */
  readonly bytes?: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

export function cachedBody(
  body: string,
  contentType = 'application/json; charset=utf-8',
): CachedBody {
  // Weak: compression changes the bytes, not the meaning.
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, bytes: Buffer.from(body), etag, contentType };
}

export function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim() === etag);
}

/** Sends with ETag and Cache-Control; an If-None-Match hit answers 304 with no body. */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cached: CachedBody,
  maxAgeSeconds: number,
): FastifyReply {
  if (matchesEtag(request, cached.etag)) return notModified(reply, cached.etag, maxAgeSeconds);
  void reply
    .header('etag', cached.etag)
    .header('cache-control', `private, max-age=${maxAgeSeconds}`);
  return reply.type(cached.contentType).send(cached.bytes ?? cached.body);
}

export function notModified(
  reply: FastifyReply,
  etag: string,
  maxAgeSeconds: number,
): FastifyReply {
  void reply.header('etag', etag).header('cache-control', `private, max-age=${maxAgeSeconds}`);
  return reply.status(304).send();
}
