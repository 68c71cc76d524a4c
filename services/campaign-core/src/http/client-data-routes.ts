import { OPERATOR, OWN_CLIENT } from '@tributary/http';
import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@tributary/http';
import { actionOutbox } from '../adapters/action-outbox';
import { participationStore } from '../adapters/participation-store';
import { realizationStore } from '../adapters/realization-store';
import type { RouteDeps } from './route-deps';

const ClientParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 128 }) });

/** C7/C8 rows with the seed's column names, and the outbox for operators. */
export function registerClientDataRoutes(app: HttpApp, deps: RouteDeps): void {
  app.get(
    '/v1/clients/:clientId/participations',
    { config: { access: OWN_CLIENT }, schema: { params: ClientParams } },
    async (request) => {
      return participationStore.list(deps.pool, request.params.clientId);
    },
  );

  app.get(
    '/v1/clients/:clientId/campaign-realizations',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object({ 'campaign-id': Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => {
      return realizationStore.list(
        deps.pool,
        request.params.clientId,
        request.query['campaign-id'],
      );
    },
  );

  app.get(
    '/v1/actions',
    {
      config: { access: OPERATOR },
      schema: {
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request) => {
      return actionOutbox.list(deps.pool, request.query.status, request.query.limit);
    },
  );
}
