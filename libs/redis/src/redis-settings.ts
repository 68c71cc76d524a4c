import { ConfigError, readConfigFile, secretFrom, type FileReader } from '@tributary/config';

/** Where the client connects and how; built from the REDIS_* variables by redisSettingsFrom. */
export interface RedisConnection {
  /** A single server (or a primary behind a managed endpoint), or a Redis Cluster. */
  mode: 'standalone' | 'cluster';
  /** Standalone: the server's URL. Cluster: only the seed when `clusterNodes` is empty. */
  url: string;
  /** Cluster seeds (`host:port`); any few masters will do, the client learns the rest. */
  clusterNodes?: { host: string; port: number }[];
  username?: string;
  password?: string;
  /** Present: TLS on. `ca` replaces the system CAs (a private or managed service's CA). */
  tls?: { ca?: string };
}

/** The RedisEnv variables (libs/config) this reads. */
export interface RedisConnectionEnv {
  REDIS_URL: string;
  REDIS_MODE?: string;
  REDIS_CLUSTER_NODES?: string;
  REDIS_USERNAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_PASSWORD_FILE?: string;
  REDIS_TLS?: boolean;
  REDIS_TLS_CA_FILE?: string;
}

export type { FileReader };

function fail(variable: string, message: string): never {
  throw new ConfigError([{ variable, message }]);
}

function parseNodes(value: string): { host: string; port: number }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match?.[1] || !(port >= 1 && port <= 65535)) {
        return fail('REDIS_CLUSTER_NODES', `"${entry}" is not host:port`);
      }
      return { host: match[1].replace(/^\[|\]$/g, ''), port };
    });
}

/**
 * The one translation of the REDIS_* variables into client settings, so every service connects
 * the same way. Credentials may be in REDIS_URL (`rediss://user:password@host:port`) or in
 * REDIS_USERNAME / REDIS_PASSWORD(_FILE), not both. Files are read here, once, at start.
 */
export function redisSettingsFrom(env: RedisConnectionEnv, read?: FileReader): RedisConnection {
  let url: URL;
  try {
    url = new URL(env.REDIS_URL);
  } catch {
    return fail('REDIS_URL', 'is not a URL');
  }
  const mode = env.REDIS_MODE ?? (env.REDIS_CLUSTER_NODES ? 'cluster' : 'standalone');
  if (mode !== 'standalone' && mode !== 'cluster') {
    return fail('REDIS_MODE', 'must be standalone or cluster');
  }
  if (mode === 'standalone' && env.REDIS_CLUSTER_NODES) {
    return fail('REDIS_CLUSTER_NODES', 'is set but REDIS_MODE=standalone');
  }
  if (mode === 'cluster' && url.pathname.length > 1 && url.pathname !== '/0') {
    return fail('REDIS_URL', 'names a database, but a Redis Cluster has only database 0');
  }

  let password = secretFrom('REDIS_PASSWORD', env.REDIS_PASSWORD, env.REDIS_PASSWORD_FILE, read);
  const urlUser = url.username ? decodeURIComponent(url.username) : undefined;
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;
  if (password !== undefined && urlPassword !== undefined) {
    return fail('REDIS_PASSWORD', 'REDIS_URL carries a password already; set it in one place');
  }
  if (env.REDIS_USERNAME !== undefined && urlUser !== undefined) {
    return fail('REDIS_USERNAME', 'REDIS_URL carries a user name already; set it in one place');
  }
  const username = env.REDIS_USERNAME ?? urlUser;
  password ??= urlPassword;
  if (username !== undefined && password === undefined) {
    return fail('REDIS_PASSWORD', 'required when a Redis user name is set (ACL user)');
  }

  const tlsWanted = env.REDIS_TLS ?? (url.protocol === 'rediss:' || !!env.REDIS_TLS_CA_FILE);
  if (!tlsWanted && env.REDIS_TLS_CA_FILE) {
    return fail('REDIS_TLS', 'is false but REDIS_TLS_CA_FILE is set');
  }
  if (!tlsWanted && url.protocol === 'rediss:') {
    return fail('REDIS_TLS', 'is false but REDIS_URL is rediss://');
  }
  const settings: RedisConnection = { mode, url: env.REDIS_URL };
  if (mode === 'cluster' && env.REDIS_CLUSTER_NODES) {
    settings.clusterNodes = parseNodes(env.REDIS_CLUSTER_NODES);
    if (settings.clusterNodes.length === 0) return fail('REDIS_CLUSTER_NODES', 'names no node');
  }
  if (username !== undefined) settings.username = username;
  if (password !== undefined) settings.password = password;
  if (tlsWanted) {
    settings.tls = env.REDIS_TLS_CA_FILE
      ? { ca: readConfigFile('REDIS_TLS_CA_FILE', env.REDIS_TLS_CA_FILE, read) }
      : {};
  }
  return settings;
}
