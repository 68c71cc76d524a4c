import { Type } from '@sinclair/typebox';
import { VIEWER, type HttpApp } from '@tributary/http';
import type { StreamTickets } from '../auth/stream-tickets';
import type { SnapshotHub } from './snapshot-hub';
import type { StoreGuard } from './store-guard';

export interface StreamRouteDeps {
  hub: SnapshotHub;
  tickets: StreamTickets;
  guard: StoreGuard;
}

const tags = ['real time'];

/**
 * Server-Sent Events: `event: snapshot` with users, categories and platforms of the live window,
 * every interval. A browser opens it with a single-use ticket (`?ticket=`) from
 * POST /v1/realtime/stream-tickets, never with its token in the URL; the stream ends when the
 * credential behind it expires. The reply is hijacked, so the headers other hooks set (CORS,
 * request id) are copied onto the raw response by hand.
 */
export function registerStreamRoute(app: HttpApp, deps: StreamRouteDeps): void {
  const { hub } = deps;
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
    hub.close();
  });

  app.post(
    '/v1/realtime/stream-tickets',
    {
      schema: {
        tags,
        summary: 'a single-use ticket that opens the live stream (EventSource sends no headers)',
        response: {
          201: Type.Object({ ticket: Type.String(), expires_in: Type.Integer() }),
        },
      },
      config: { access: VIEWER },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const issued = await deps.guard('redis', () => deps.tickets.issue(principal));
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ ticket: issued.ticket, expires_in: issued.expiresInSeconds });
    },
  );

  app.get(
    '/v1/realtime/stream',
    {
      schema: {
        tags,
        summary: 'Server-Sent Events: the live window (users, categories, platforms) every second',
        querystring: Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 100 })) }),
        produces: ['text/event-stream'],
        // Written to the socket (the reply is hijacked), so this documents and never serializes.
        response: {
          200: {
            content: {
              'text/event-stream': {
                schema: Type.String({
                  description:
                    'frames `data: {"users":...,"categories":...,"platforms":...}` every second; `event: expired` when the credential ends',
                }),
              },
            },
          },
        },
      },
      config: { access: VIEWER },
    },
    (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      const unsubscribe = hub.subscribe((frame) => raw.write(frame));
      let expiry: NodeJS.Timeout | undefined;
      const end = () => {
        clearTimeout(expiry);
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      const expiresAt = request.principal?.expiresAt;
      if (expiresAt !== undefined) {
        // A stream must not outlive its credential: the client gets a new ticket (or signs in).
        expiry = setTimeout(
          () => {
            raw.write('event: expired\ndata: {}\n\n');
            end();
          },
          Math.max(0, expiresAt - Date.now()),
        );
      }
      request.log.debug({ subscribers: hub.subscribers }, 'realtime stream opened');
    },
  );
}
