import { Type } from '@sinclair/typebox';
import {
  etagHeader,
  expectedMd5,
  preconditionFailed,
  preconditionOf,
  ListOf,
  PageQuery,
  pageOf,
  VIEWER,
  OPERATOR,
  HttpError,
  notFound,
  type HttpApp,
} from '@tributary/http';
import { UmbrellaLimit, validateUmbrellaLimit } from '@tributary/schemas';
import type { RouteDeps } from './route-deps';
import { validationFailed } from './validation-error';

const NoContent = Type.Null({ description: 'no body' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Umbrella (tag) limits, R19: /v1/campaign-limits. */
export function registerLimitRoutes(app: HttpApp, deps: RouteDeps): void {
  const { repository } = deps;

  function validated(body: unknown) {
    const result = validateUmbrellaLimit(body);
    if (!result.ok) throw validationFailed('campaign limit', result.issues);
    return result.value;
  }

  app.post(
    '/v1/campaign-limits',
    { config: { access: OPERATOR }, schema: { response: { 201: UmbrellaLimit } } },
    async (request, reply) => {
      const limit = validated(request.body);
      if (!(await repository.saveLimit(limit, false))) {
        throw new HttpError('CONFLICT', `campaign limit ${limit['limit-id']} already exists`);
      }
      return reply.status(201).send(limit);
    },
  );

  app.get(
    '/v1/campaign-limits',
    {
      config: { access: VIEWER },
      schema: { querystring: PageQuery, response: { 200: ListOf(UmbrellaLimit) } },
    },
    async (request) =>
      pageOf(request, await repository.listLimits(), request.query, {
        keyOf: (l) => [l['limit-id']],
      }),
  );

  app.get(
    '/v1/campaign-limits/:id',
    { config: { access: VIEWER }, schema: { params: IdParams, response: { 200: UmbrellaLimit } } },
    async (request, reply) => {
      const limit = await repository.getLimit(request.params.id);
      const etag = await repository.etagOf('limit', request.params.id);
      if (!limit || etag === undefined) throw notFound(`campaign limit ${request.params.id}`);
      return reply.header('etag', etagHeader(etag)).send(limit);
    },
  );

  app.put(
    '/v1/campaign-limits/:id',
    {
      config: { access: OPERATOR },
      schema: { params: IdParams, response: { 200: UmbrellaLimit } },
    },
    async (request, reply) => {
      const limit = validated(request.body);
      const id = request.params.id;
      if (limit['limit-id'] !== id) {
        throw validationFailed('campaign limit', [
          { path: '/limit-id', message: `must equal the path id ${id}` },
        ]);
      }
      const outcome = await repository.replaceLimit(limit, expectedMd5(preconditionOf(request)));
      if (outcome === 'missing') throw notFound(`campaign limit ${id}`);
      if (outcome === 'stale') throw preconditionFailed(`campaign limit ${id}`);
      return reply.header('etag', etagHeader(outcome.etag)).send(limit);
    },
  );

  app.delete(
    '/v1/campaign-limits/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const id = request.params.id;
      const deleted = await repository.deleteConditionally(
        'limit',
        id,
        expectedMd5(preconditionOf(request)),
      );
      if (deleted === 'missing') throw notFound(`campaign limit ${id}`);
      if (deleted === 'stale') throw preconditionFailed(`campaign limit ${id}`);
      return reply.status(204).send(null);
    },
  );
}
