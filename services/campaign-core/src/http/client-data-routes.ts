import {
  ListOf,
  OPERATOR,
  OWN_CLIENT,
  PageQueryMembers,
  decodeCursor,
  pageFromRows,
  pageOf,
} from '@tributary/http';
import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@tributary/http';
import { CampaignRealizationRow, OutboxRow, ParticipationRow } from '@tributary/schemas';
import { actionOutbox } from '../adapters/action-outbox';
import { participationStore } from '../adapters/participation-store';
import { realizationStore } from '../adapters/realization-store';
import type { RouteDeps } from './route-deps';

const ClientParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 128 }) });
/** C7/C8 rows with the seed's column names, and the outbox for operators. */
export function registerClientDataRoutes(app: HttpApp, deps: RouteDeps): void {
  app.get(
    '/v1/clients/:clientId/participations',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object(PageQueryMembers),
        response: { 200: ListOf(ParticipationRow) },
      },
    },
    async (request) => {
      const rows = await participationStore.list(deps.pool, request.params.clientId);
      const page = pageOf(request, rows, request.query, { keyOf: (r) => [r.order] });
      return { items: page.items.map(({ order: _order, ...row }) => row), next: page.next };
    },
  );

  app.get(
    '/v1/clients/:clientId/campaign-realizations',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: ClientParams,
        querystring: Type.Object({
          'campaign-id': Type.Optional(Type.Integer({ minimum: 1 })),
          ...PageQueryMembers,
        }),
        response: { 200: ListOf(CampaignRealizationRow) },
      },
    },
    async (request) => {
      const rows = await realizationStore.list(
        deps.pool,
        request.params.clientId,
        request.query['campaign-id'],
      );
      return pageOf(request, rows, request.query, {
        keyOf: (r) => [r['begin-instant'], r.campaign],
      });
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
          ...PageQueryMembers,
        }),
        response: { 200: ListOf(OutboxRow) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const before = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
      const rows = await actionOutbox.list(deps.pool, status, limit + 1, before);
      return pageFromRows(request, rows, limit, (r) => [Number(r.id)]);
    },
  );
}
