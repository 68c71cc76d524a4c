import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, type RequestInit, type Response } from 'undici';
import { addressRefusal } from './address-ranges';
import { matchAllowList, type AllowList, type AllowListEntry } from './allow-list';
import { guardedLookup } from './guarded-lookup';
import { OutboundRefusal } from './outbound-refusal';

export interface OutboundOptions {
  allowList: AllowList;
  /** Name resolution under the guard; tests inject one. Defaults to dns.lookup. */
  lookup?: LookupFunction;
  connectTimeoutMs?: number;
}

export type UrlCheck =
  | { ok: true; url: URL; entry: AllowListEntry }
  | { ok: false; code: OutboundRefusal['code']; reason: string };

/**
 * Whether `url` may be called: http(s), on the allow-list by scheme, host and port, and, for an
 * IP literal (which is never looked up), not a refused address. Host names are checked again when
 * a connection is opened (see guardedLookup).
 */
export function checkOutboundUrl(list: AllowList, url: string): UrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: 'URL_INVALID', reason: `"${url.slice(0, 200)}" is not a valid URL` };
  }
  const admitted = admit(list, parsed.protocol, parsed.hostname, parsed.port);
  return admitted.ok ? { ...admitted, url: parsed } : admitted;
}

type Admission =
  | { ok: true; entry: AllowListEntry }
  | { ok: false; code: OutboundRefusal['code']; reason: string };

function admit(list: AllowList, protocol: string, hostname: string, port: string): Admission {
  const entry = matchAllowList(list, { protocol, hostname, port });
  if (!entry) {
    const shown = `${protocol}//${hostname}${port ? `:${port}` : ''}`;
    return {
      ok: false,
      code: 'HOST_NOT_ALLOWED',
      reason: `host ${shown} is not on the allow-list (scheme, host and port must match)`,
    };
  }
  const literal = hostname.replace(/^\[(.*)\]$/, '$1');
  const why = isIP(literal) === 0 ? undefined : addressRefusal(literal, entry.allowPrivate);
  if (why !== undefined) {
    return {
      ok: false,
      code: 'ADDRESS_NOT_ALLOWED',
      reason: `address ${literal} is ${why}, which outbound calls may not reach`,
    };
  }
  return { ok: true, entry };
}

export interface OutboundClient {
  readonly allowList: AllowList;
  check(url: string): UrlCheck;
  /**
   * fetch that never follows a redirect (a 3xx comes back as it is, for the caller to refuse) and
   * connects only where the allow-list and the address check say. Throws an OutboundRefusal for a
   * URL it will not call.
   */
  fetch(url: string, init?: Omit<RequestInit, 'redirect' | 'dispatcher'>): Promise<Response>;
  /** The lookup a node:http request to `entry` must use (the same guard, for callers off undici). */
  lookupFor(entry: AllowListEntry): LookupFunction;
  close(): Promise<void>;
}

/**
 * The one way services call hosts outside Tributary. The undici Agent's connector checks every
 * new connection again (allow-list, IP literals, resolved addresses), so nothing reaches a socket
 * without passing the same rules as check().
 */
export function createOutboundClient(options: OutboundOptions): OutboundClient {
  const { allowList } = options;
  const lookups = {
    strict: guardedLookup(false, options.lookup),
    open: guardedLookup(true, options.lookup),
  };
  const timeout = options.connectTimeoutMs ?? 10_000;
  const connectors = {
    strict: buildConnector({ lookup: lookups.strict, timeout }),
    open: buildConnector({ lookup: lookups.open, timeout }),
  };
  const agent = new Agent({
    connect(connectOptions, callback) {
      const { protocol, hostname, port } = connectOptions;
      const admitted = admit(allowList, protocol, hostname, port);
      if (!admitted.ok) {
        callback(new OutboundRefusal(admitted.code, admitted.reason), null);
        return;
      }
      const connector = admitted.entry.allowPrivate ? connectors.open : connectors.strict;
      connector(connectOptions, callback);
    },
  });
  return {
    allowList,
    check: (url) => checkOutboundUrl(allowList, url),
    async fetch(url, init = {}) {
      const checked = checkOutboundUrl(allowList, url);
      if (!checked.ok) throw new OutboundRefusal(checked.code, checked.reason);
      return fetch(checked.url, { ...init, redirect: 'manual', dispatcher: agent });
    },
    lookupFor: (entry) => (entry.allowPrivate ? lookups.open : lookups.strict),
    close: () => agent.close(),
  };
}

/** The reason a 3xx is a failure: redirects could lead off the allow-list, so none is followed. */
export function redirectRefusal(status: number, location: string | null): string {
  return `HTTP ${status} redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed`;
}
