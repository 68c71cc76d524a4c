import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { Negotiator, type CacheStore } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Bodies below this many bytes are sent as they are (also @fastify/compress's threshold). */
export const COMPRESS_THRESHOLD_BYTES = 1024;

type Encoding = 'br' | 'gzip' | 'deflate';

/**
 * A serialized answer with its validator, built once and reused while the data is unchanged.
 * Hand-written on purpose, next to @fastify/compress (still used for every other answer): a
 * cached read compressed per request by the plugin's hooks was part of what held the hottest
 * route at 46% of a bare route; encoded once per body it is at 61-65% (services/query-api/
 * README.md#benchmark, bench/query-api/gateway.bench.ts).
 */
export interface CachedBody {
  readonly body: string;
  /** The body encoded once: sending a Buffer skips a per-request UTF-8 encoding of the string. */
  readonly bytes?: Buffer;
  readonly etag: string;
  readonly contentType: string;
  /**
   * The body compressed once per encoding, on first demand (cachedBody() bodies only). Routes
   * that answer only with such bodies are registered with `compress: false`: a cached read then
   * neither runs @fastify/compress's hooks nor compresses the same bytes again per request.
   */
  readonly compressed?: Map<Encoding, Buffer>;
}

export function cachedBody(
  body: string,
  contentType = 'application/json; charset=utf-8',
): CachedBody {
  // Weak: compression changes the bytes, not the meaning.
  const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, bytes: Buffer.from(body), etag, contentType, compressed: new Map() };
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
  void reply.header('etag', cached.etag).header('cache-control', cacheControl(maxAgeSeconds));
  const bytes = cached.bytes ?? cached.body;
  const encoding = cached.compressed && encodingFor(request, cached);
  if (!encoding) return reply.type(cached.contentType).send(bytes);
  let compressed = cached.compressed.get(encoding);
  if (!compressed) {
    compressed = compress(encoding, cached.bytes ?? Buffer.from(cached.body));
    cached.compressed.set(encoding, compressed);
  }
  varyOnAcceptEncoding(reply);
  return reply.header('content-encoding', encoding).type(cached.contentType).send(compressed);
}

// @fastify/compress's rules: compressible types only, from its threshold up, never with
// x-no-compression, and in the encoding its negotiation would pick.
const COMPRESSIBLE =
  /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)text(?:;|$)|(?:\+|\/)xml(?:;|$)|octet-stream(?:;|$)/u;

function encodingFor(request: FastifyRequest, cached: CachedBody): Encoding | undefined {
  const header = request.headers['accept-encoding'];
  if (header === undefined || request.headers['x-no-compression'] !== undefined) return undefined;
  const size = cached.bytes?.length ?? Buffer.byteLength(cached.body);
  if (size < COMPRESS_THRESHOLD_BYTES || !COMPRESSIBLE.test(cached.contentType)) return undefined;
  return negotiate(header);
}

function compress(encoding: Encoding, bytes: Buffer): Buffer {
  // Done once per body, so the densest settings are affordable.
  if (encoding === 'br') {
    return brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
  }
  const options = { level: constants.Z_BEST_COMPRESSION };
  return encoding === 'gzip' ? gzipSync(bytes, options) : deflateSync(bytes, options);
}

function varyOnAcceptEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) {
    void reply.header('vary', 'accept-encoding');
    return;
  }
  const values = Array.isArray(vary) ? vary.map(String) : [String(vary)];
  if (!values.some((value) => value.includes('accept-encoding'))) {
    void reply.header('vary', [...values, 'accept-encoding'].join(', '));
  }
}

// The negotiator @fastify/compress uses, with its server preference (it also offers zstd where
// Node's zlib has it; these bodies stop at brotli). Memoized: clients send a handful of distinct
// headers, and the cache is cleared against hostile variety.
const negotiator = new Negotiator<Encoding | 'identity'>({
  supportedValues: ['br', 'gzip', 'deflate', 'identity'],
  cache: boundedCache(256),
});

/** As @fastify/compress: `*` and `x-gzip` count as gzip; identity means no compression. */
function negotiate(header: string): Encoding | undefined {
  const chosen = negotiator.negotiate(header.toLowerCase().replace(/\*|x-gzip/gu, 'gzip'));
  return chosen === null || chosen === 'identity' ? undefined : chosen;
}

function boundedCache(max: number): CacheStore {
  const entries = new Map<string, string>();
  const store: CacheStore = {
    get: (key) => entries.get(key),
    has: (key) => entries.has(key),
    set: (key, value) => {
      if (entries.size >= max) entries.clear();
      entries.set(key, value);
      return store;
    },
  };
  return store;
}

export function notModified(
  reply: FastifyReply,
  etag: string,
  maxAgeSeconds: number,
): FastifyReply {
  void reply.header('etag', etag).header('cache-control', cacheControl(maxAgeSeconds));
  return reply.status(304).send();
}

// One string per max-age (the service uses one), not a new one per answer.
const cacheControls = new Map<number, string>();
function cacheControl(maxAgeSeconds: number): string {
  let value = cacheControls.get(maxAgeSeconds);
  if (value === undefined) {
    value = `private, max-age=${maxAgeSeconds}`;
    cacheControls.set(maxAgeSeconds, value);
  }
  return value;
}
