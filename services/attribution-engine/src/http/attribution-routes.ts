import { Type } from '@sinclair/typebox';
import {
  getRun,
  listModels,
  listRuns,
  readLatestResults,
  readResult,
  UnknownModelError,
} from '@tributary/attribution-store';
import { HttpError, notFound, type HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import { AttributionError } from '../domain/attribution-error';
import type { AttributionRunner } from '../runs/attribution-runner';
import { RunRequestBody } from './run-request-body';

export interface AttributionRouteDeps {
  readonly runner: AttributionRunner;
  readonly pool: Pool;
  readonly redis: Redis;
  readonly logger: Logger;
}

function toHttpError(error: unknown): unknown {
  if (error instanceof AttributionError)
    return new HttpError('BAD_REQUEST', error.message, { code: error.code });
  if (error instanceof UnknownModelError)
    return new HttpError('NOT_FOUND', error.message, { code: error.code });
  return error;
}

export function registerAttributionRoutes(app: HttpApp, deps: AttributionRouteDeps): void {
  app.post(
    '/v1/attribution/runs',
    {
      schema: {
        body: RunRequestBody,
        querystring: Type.Object({ wait: Type.Optional(Type.Boolean()) }),
      },
    },
    async (request, reply) => {
      const started = await deps.runner.start(request.body, 'http').catch((error: unknown) => {
        throw toHttpError(error);
      });
      if (!started.started)
        throw new HttpError('CONFLICT', 'an attribution run is already in progress');
      if (request.query.wait) {
        const snapshot = await started.done.catch(() => undefined);
        const stored = snapshot ?? (await getRun(deps.pool, started.run.run_id));
        return reply.status(snapshot ? 201 : 500).send(stored);
      }
      void reply.header('location', `/v1/attribution/runs/${started.run.run_id}`);
      return reply.status(202).send({ run: started.run });
    },
  );

  app.get(
    '/v1/attribution/runs',
    {
      schema: {
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          before: Type.Optional(Type.String({ format: 'date-time' })),
        }),
      },
    },
    async (request) => ({ runs: await listRuns(deps.pool, request.query) }),
  );

  app.get(
    '/v1/attribution/runs/:id',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } },
    async (request) => {
      const run = await getRun(deps.pool, request.params.id);
      if (!run) throw notFound(`attribution run ${request.params.id}`);
      return run;
    },
  );

  app.get('/v1/attribution/models', async () => ({ models: listModels() }));

  app.get('/v1/attribution/results', async () => {
    const latest = await readLatestResults(deps.redis, deps.pool, { logger: deps.logger });
    if (!latest) throw notFound('attribution results (no run has succeeded yet)');
    return latest;
  });

  app.get(
    '/v1/attribution/results/:model',
    { schema: { params: Type.Object({ model: Type.String({ maxLength: 40 }) }) } },
    async (request) => {
      const latest = await readResult(deps.redis, deps.pool, request.params.model, {
        logger: deps.logger,
      }).catch((error: unknown) => {
        throw toHttpError(error);
      });
      if (!latest?.result) throw notFound(`attribution results of ${request.params.model}`);
      return latest;
    },
  );
}
