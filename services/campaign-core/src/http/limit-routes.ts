import { Type } from '@sinclair/typebox';
import { VIEWER, OPERATOR, HttpError, notFound, type HttpApp } from '@tributary/http';
import { validateUmbrellaLimit } from '@tributary/schemas';
import type { RouteDeps } from './route-deps';
import { validationFailed } from './validation-error';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** Umbrella (tag) limits, R19: /v1/campaign-limits. */
export function registerLimitRoutes(app: HttpApp, deps: RouteDeps): void {
  const { repository } = deps;

  function validated(body: unknown) {
    const result = validateUmbrellaLimit(body);
    if (!result.ok) throw validationFailed('campaign limit', result.issues);
    return result.value;
  }

  app.post('/v1/campaign-limits', { config: { access: OPERATOR } }, async (request, reply) => {
    const limit = validated(request.body);
    if (!(await repository.saveLimit(limit, false))) {
      throw new HttpError('CONFLICT', `campaign limit ${limit['limit-id']} already exists`);
    }
    return reply.status(201).send(limit);
  });

  app.get('/v1/campaign-limits', { config: { access: VIEWER } }, async () => {
    return repository.listLimits();
  });

  app.get(
    '/v1/campaign-limits/:id',
    { config: { access: VIEWER }, schema: { params: IdParams } },
    async (request) => {
      const limit = await repository.getLimit(request.params.id);
      if (!limit) throw notFound(`campaign limit ${request.params.id}`);
      return limit;
    },
  );

  app.put(
    '/v1/campaign-limits/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams } },
    async (request) => {
      const limit = validated(request.body);
      const id = request.params.id;
      if (limit['limit-id'] !== id) {
        throw validationFailed('campaign limit', [
          { path: '/limit-id', message: `must equal the path id ${id}` },
        ]);
      }
      if (!(await repository.limitExists(id))) throw notFound(`campaign limit ${id}`);
      await repository.saveLimit(limit, true);
      return limit;
    },
  );

  app.delete(
    '/v1/campaign-limits/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams } },
    async (request, reply) => {
      if (!(await repository.deleteLimit(request.params.id)))
        throw notFound(`campaign limit ${request.params.id}`);
      return reply.status(204).send();
    },
  );
}
