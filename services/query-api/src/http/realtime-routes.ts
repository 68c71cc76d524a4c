import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '@tributary/http';
import {
  CategoriesWindow,
  PlatformsWindow,
  RecentlyViewed,
  RecentlyViewedQuery,
  UsersWindow,
  WindowQuery,
  type RealtimeReader,
  type WindowRequest,
} from '@tributary/realtime-store';
import type { StoreGuard } from './store-guard';

export interface RealtimeRouteDeps {
  reader: RealtimeReader;
  guard: StoreGuard;
  now: () => number;
}

const viewer = { access: { role: 'viewer' as const } };
// A live window changes every second; never serve it from a cache.
const noStore = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
  void reply.header('cache-control', 'no-store');
  return payload;
};
const UserParam = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 200 }) });

export function registerRealtimeRoutes(app: HttpApp, deps: RealtimeRouteDeps): void {
  const { reader, guard } = deps;
  const windowRequest = (query: WindowQuery): WindowRequest => ({
    now: deps.now(),
    ...(query.at !== undefined ? { at: Date.parse(query.at) } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  });
  const options = <S extends TSchema>(name: string, schema: S) => ({
    schema: {
      tags: ['real time'],
      summary: `${name} with product views in the last 5 minutes (or the 5 minutes before \`at\`)`,
      querystring: WindowQuery,
      response: { 200: schema },
    },
    config: viewer,
    onSend: noStore,
  });
  app.get('/v1/realtime/users', options('users', UsersWindow), (request) =>
    guard('redis', () => reader.users(windowRequest(request.query))),
  );
  app.get('/v1/realtime/categories', options('categories', CategoriesWindow), (request) =>
    guard('redis', () => reader.categories(windowRequest(request.query))),
  );
  app.get('/v1/realtime/platforms', options('platforms', PlatformsWindow), (request) =>
    guard('redis', () => reader.platforms(windowRequest(request.query))),
  );

  app.get(
    '/v1/users/:userId/recently-viewed',
    {
      schema: {
        tags: ['recommendations'],
        summary:
          "a user's most recently viewed distinct products, newest first (unknown user: empty list)",
        params: UserParam,
        querystring: RecentlyViewedQuery,
        response: { 200: RecentlyViewed },
      },
      config: viewer,
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, max-age=1');
      return guard('redis', () =>
        reader.recentlyViewed(request.params.userId, request.query.limit),
      );
    },
  );
}
