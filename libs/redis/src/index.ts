import { Cluster, Redis as Standalone, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '@tributary/logging';
import type { RedisConnection } from './redis-settings';

export * from './redis-settings';
export * from './grouped-pipeline';

/**
 * A client of a single Redis server or of a Redis Cluster. Both take the same commands; on a
 * Cluster every multi-key command, script and pipeline must keep its keys in one hash slot
 * (hashTag, execGrouped).
 */
export type Redis = Standalone | Cluster;

export interface RedisSettings extends Omit<RedisConnection, 'mode'> {
  /** Default standalone: `createRedis({ url })` is a plain client. */
  mode?: RedisConnection['mode'];
  /** Prepended to every key (ioredis also prefixes the KEYS of scripts, on a Cluster too). */
  keyPrefix?: string;
  logger?: Logger;
}

const retry = (times: number) => Math.min(times * 200, 5_000);

/**
 * The one place clients are made. Commands fail fast while disconnected (no offline queue), so
 * an HTTP request answers 503 instead of hanging when Redis is down.
 */
export function createRedis(settings: RedisSettings): Redis {
  const auth = {
    ...(settings.username !== undefined && { username: settings.username }),
    ...(settings.password !== undefined && { password: settings.password }),
    ...(settings.tls && { tls: settings.tls.ca ? { ca: settings.tls.ca } : {} }),
  };
  const redis =
    settings.mode === 'cluster' ? createCluster(settings, auth) : createStandalone(settings, auth);
  // The error text names host and port, never the credentials.
  redis.on('error', (err) => settings.logger?.warn({ err }, 'redis connection error'));
  return redis;
}

function createStandalone(settings: RedisSettings, auth: RedisOptions): Standalone {
  const options: RedisOptions = {
    ...auth,
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    lazyConnect: false,
    retryStrategy: retry,
  };
  // Explicit options win over what the URL says; the URL fills in the rest (host, port, db).
  return new Standalone(settings.url, options);
}

function createCluster(settings: RedisSettings, auth: RedisOptions): Cluster {
  const seed = new URL(settings.url);
  const nodes = settings.clusterNodes?.length
    ? settings.clusterNodes
    : [{ host: seed.hostname.replace(/^\[|\]$/g, ''), port: Number(seed.port || 6379) }];
  const options: ClusterOptions = {
    keyPrefix: settings.keyPrefix,
    enableOfflineQueue: false,
    clusterRetryStrategy: retry,
    slotsRefreshTimeout: 2_000,
    redisOptions: { ...auth, connectTimeout: 5_000, maxRetriesPerRequest: 2 },
  };
  // Managed clusters with TLS (ElastiCache, Memorystore) announce nodes by name, and the
  // certificate names them: connect by that name rather than a resolved address.
  if (settings.tls) options.dnsLookup = (address, callback) => callback(null, address);
  const cluster = new Cluster(nodes, options);
  cluster.on('node error', (err: unknown) =>
    settings.logger?.warn({ err }, 'redis cluster node error'),
  );
  return cluster;
}

/**
 * Why connecting can never succeed by retrying (credentials refused, a certificate not trusted),
 * in words that name the variables to fix; undefined for errors a retry may cure. Redis' and
 * Node's messages name neither the password nor the key material.
 */
export function fatalConnectError(err: unknown): string | undefined {
  const cause = (err as { lastNodeError?: unknown } | undefined)?.lastNodeError ?? err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const raw = (cause as { code?: unknown } | undefined)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (/^(WRONGPASS|NOAUTH|NOPERM)\b/.test(message)) {
    return `Redis refused the credentials (${message}); check REDIS_USERNAME and REDIS_PASSWORD (or the user and password in REDIS_URL)`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/.test(code)) {
    return `TLS to Redis failed (${message}); check REDIS_TLS and REDIS_TLS_CA_FILE`;
  }
  return undefined;
}

/**
 * Resolves once the client is connected (a Cluster: its slots known) and takes commands. Fails
 * at once, naming the variables, when the server refuses the credentials or its certificate is
 * not trusted: retrying cannot fix either, and a start that hangs hides the reason.
 */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('node error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onError = (err: unknown) => {
      const fatal = fatalConnectError(err);
      if (fatal) done(new Error(fatal));
    };
    const timer = setTimeout(() => done(new Error('redis not ready in time')), timeoutMs);
    redis.once('ready', onReady);
    redis.on('error', onError);
    redis.on('node error', onError);
  });
}

export async function pingRedis(redis: Redis): Promise<void> {
  await redis.ping();
}

/**
 * A Redis Cluster hash tag: keys sharing `tag` land in one slot, so one script may touch them all.
 */
export function hashTag(tag: string): string {
  return `{${tag}}`;
}

/**
 * Loads a Lua script where EVALSHA may run it: the server, or every master of a Cluster (a
 * script cache is per node).
 */
export async function loadScript(redis: Redis, source: string): Promise<void> {
  const targets = redis instanceof Cluster ? redis.nodes('master') : [redis];
  await Promise.all(targets.map((node) => node.script('LOAD', source)));
}
