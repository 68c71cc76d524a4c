/** One entry of an allow-list: a scheme, a host (or `*.` suffix) and a port, nothing else. */
export interface AllowListEntry {
  /** As the operator wrote it, for messages. */
  readonly text: string;
  readonly protocol: 'http:' | 'https:';
  /** Lower-case host as URL parsing spells it (`[::1]` for IPv6); for a wildcard, `.example.com`. */
  readonly host: string;
  readonly wildcard: boolean;
  readonly port: number;
  /** `+private`: this entry may resolve to loopback, private, link-local or unique-local addresses. */
  readonly allowPrivate: boolean;
}

export type AllowList = readonly AllowListEntry[];

/** A bad entry, naming the variable it came from (config loading turns it into its own error). */
export class AllowListError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'AllowListError';
  }
}

const PRIVATE_SUFFIX = '+private';
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const DEFAULT_PORT = { 'http:': 80, 'https:': 443 } as const;

/**
 * Parses a comma-separated allow-list. An entry is `https://host`, `https://host:8443`,
 * `http://host:8080` (http only when written), `*.example.com` (subdomains), or a bare `host` /
 * `host:port`, which means https. A port left out is the scheme's default. `+private` at the end
 * lets that entry reach private networks. A bad entry throws naming `variable`.
 */
export function parseAllowList(text: string, variable: string): AllowList {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const parsed = parseEntry(entry);
      if (typeof parsed === 'string') throw new AllowListError(variable, `"${entry}" ${parsed}`);
      return parsed;
    });
}

function parseEntry(text: string): AllowListEntry | string {
  const allowPrivate = text.toLowerCase().endsWith(PRIVATE_SUFFIX);
  const bare = allowPrivate ? text.slice(0, -PRIVATE_SUFFIX.length) : text;
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(bare) ? bare : `https://${bare}`);
  } catch {
    return 'is not scheme://host[:port]';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    return 'must be scheme://host[:port] alone, with no path, query or credentials';
  }
  const wildcard = url.hostname.startsWith('*.');
  const host = wildcard ? url.hostname.slice(1) : url.hostname;
  if (host.includes('*') || host === '.') return 'may only start with "*." as a wildcard';
  return {
    text,
    protocol: url.protocol,
    host,
    wildcard,
    port: url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port),
    allowPrivate,
  };
}

/** The entry that allows a call to `url` (same scheme, host and port), if any. */
export function matchAllowList(
  list: AllowList,
  url: Pick<URL, 'protocol' | 'hostname' | 'port'>,
): AllowListEntry | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const port = url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port);
  const host = url.hostname.toLowerCase();
  return list.find(
    (entry) =>
      entry.protocol === url.protocol &&
      entry.port === port &&
      (entry.wildcard
        ? host.endsWith(entry.host) && host.length > entry.host.length
        : host === entry.host),
  );
}
