import { randomBytes } from 'node:crypto';
import type { Principal } from '@tributary/http';
import type { Redis } from '@tributary/redis';

/**
 * Short-lived, single-use tickets for the live stream. A browser's EventSource cannot send
 * headers, and a token in a URL ends up in proxies' access logs; a ticket there is worthless
 * once used or after a few seconds, and it opens nothing but the stream.
 */
export interface StreamTickets {
  issue(principal: Principal): Promise<{ ticket: string; expiresInSeconds: number }>;
  /** The principal the ticket was issued to, once; undefined when unknown, used or expired. */
  redeem(ticket: string): Promise<Principal | undefined>;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;

export function createStreamTickets(redis: Redis, ttlSeconds: number): StreamTickets {
  // One key per ticket: no multi-key command, so it works on Redis Cluster as it is.
  const key = (ticket: string) => `stream-ticket:${ticket}`;
  return {
    async issue(principal) {
      const ticket = randomBytes(32).toString('base64url');
      // The stream must not outlive the credential that asked for it.
      const stored: Principal = { ...principal, via: `stream-ticket(${principal.via})` };
      await redis.set(key(ticket), JSON.stringify(stored), 'EX', ttlSeconds);
      return { ticket, expiresInSeconds: ttlSeconds };
    },
    async redeem(ticket) {
      if (!TICKET.test(ticket)) return undefined;
      const stored = await redis.getdel(key(ticket));
      return stored === null ? undefined : (JSON.parse(stored) as Principal);
    },
  };
}
