import type { FastifyRequest } from 'fastify';
import { HttpError, type Authenticate, type Principal } from '@tributary/http';
import { digestKey, type ApiKeyTable } from './api-keys';
import type { JwtVerifier } from './jwt-verifier';
import type { StreamTickets } from './stream-tickets';

export interface CallerSettings {
  apiKeys: ApiKeyTable;
  jwt?: JwtVerifier;
  tickets: StreamTickets;
}

const unauthorized = (message: string) =>
  new HttpError('UNAUTHORIZED', message, undefined, { 'www-authenticate': 'Bearer' });

/** The one route a stream ticket opens, matched by Fastify (never by the URL's text). */
export const STREAM_ROUTE = '/v1/realtime/stream';

/**
 * Dashboard and API callers: an API key (x-api-key, or as a bearer), a JWT bearer, or on the live
 * stream only, a stream ticket. An API key answers at once; a JWT or a ticket needs a promise.
 */
export function createCallerAuthenticator(settings: CallerSettings): Authenticate {
  return (request) => {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') return byApiKey(apiKey, settings.apiKeys);
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer) {
      const ticket = streamTicket(request);
      if (ticket !== undefined) return byTicket(ticket, settings.tickets);
      throw unauthorized('missing credentials: send Authorization: Bearer <token> or x-api-key');
    }
    // A JWT has three dot-separated parts; anything else presented as a bearer is an API key.
    if (bearer.split('.').length !== 3) return byApiKey(bearer, settings.apiKeys);
    if (!settings.jwt) throw unauthorized('bearer tokens are not accepted here; use an API key');
    return settings.jwt(bearer).then((outcome) => {
      if (!outcome.ok) throw unauthorized(outcome.message);
      return outcome.principal;
    });
  };
}

function streamTicket(request: FastifyRequest): string | undefined {
  if (request.routeOptions.url !== STREAM_ROUTE) return undefined;
  const ticket = (request.query as { ticket?: unknown } | undefined)?.ticket;
  return typeof ticket === 'string' && ticket.length > 0 ? ticket : undefined;
}

async function byTicket(ticket: string, tickets: StreamTickets): Promise<Principal> {
  const principal = await tickets.redeem(ticket);
  if (!principal) throw unauthorized('unknown, used or expired stream ticket');
  if (principal.expiresAt !== undefined && principal.expiresAt <= Date.now()) {
    throw unauthorized('the token behind this stream ticket has expired');
  }
  return principal;
}

function byApiKey(key: string, table: ApiKeyTable): Principal {
  const principal = table.get(digestKey(key));
  if (!principal) throw unauthorized('unknown API key');
  return principal;
}
