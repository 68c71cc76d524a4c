import type { HttpApp } from '@tributary/http';
import type { SnapshotHub } from './snapshot-hub';

/**
 * Server-Sent Events: `event: snapshot` with users, categories and platforms of the live window,
 * every interval. The reply is hijacked, so the headers other hooks set (CORS, request id) are
 * copied onto the raw response by hand.
 */
export function registerStreamRoute(app: HttpApp, hub: SnapshotHub): void {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of open) end();
    hub.close();
  });

  app.get(
    '/v1/realtime/stream',
    {
      schema: {
        tags: ['real time'],
        summary: 'Server-Sent Events: the live window (users, categories, platforms) every second',
        produces: ['text/event-stream'],
      },
      config: { access: { role: 'viewer' } },
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
      const end = () => {
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
      request.log.debug({ subscribers: hub.subscribers }, 'realtime stream opened');
    },
  );
}
