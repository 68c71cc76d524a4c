import { Type, type TSchema } from '@sinclair/typebox';
import {
  getRun,
  listModels,
  listRuns,
  readLatestResults,
  readResult,
  resolveModelId,
  UnknownModelError,
  type RunSnapshot,
} from '@tributary/attribution-store';
import {
  HttpError,
  OPERATOR,
  ListOf,
  PageQueryMembers,
  VIEWER,
  notFound,
  decodeCursor,
  pageFromRows,
  type HttpApp,
} from '@tributary/http';
import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { Redis } from '@tributary/redis';
import {
  AttributionEvaluateAnswer,
  AttributionEvaluateRequest,
  AttributionModelResultOfRunAnswer,
  AttributionModelsAnswer,
  AttributionRunAnswer,
  AttributionRunStartedAnswer,
  AttributionSnapshotAnswer,
} from '@tributary/schemas';
import { AttributionError } from '../domain/attribution-error';
import type { AttributionRunner } from '../runs/attribution-runner';
import { evaluatePathSummary } from './evaluate-path-summary';
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

// Widened: inferring the handler's type from this large body schema exceeds the compiler's depth.
const evaluateBody: TSchema = AttributionEvaluateRequest;
const RunIdQuery = Type.Object({ run_id: Type.Optional(Type.String({ maxLength: 100 })) });

/** The run a page of the run history ended with (its cursor's key: start instant, run id). */
function runCursor(cursor: string | undefined): { startedAt: string; runId: string } | undefined {
  if (cursor === undefined) return undefined;
  const [startedAt, runId] = decodeCursor(cursor, 2);
  return { startedAt: String(startedAt), runId: String(runId) };
}

/** A past run's results, by id: only a succeeded run has results to read. */
async function succeededRun(pool: Pool, runId: string): Promise<RunSnapshot> {
  const snapshot = await getRun(pool, runId);
  if (!snapshot) throw notFound(`attribution run ${runId}`);
  if (snapshot.run.status !== 'succeeded') {
    throw notFound(`results of attribution run ${runId} (its status is ${snapshot.run.status})`);
  }
  return snapshot;
}

export function registerAttributionRoutes(app: HttpApp, deps: AttributionRouteDeps): void {
  app.post(
    '/v1/attribution/runs',
    {
      // Starting a run replaces what every dashboard reads: an operator's decision.
      config: { access: OPERATOR },
      schema: {
        body: RunRequestBody,
        querystring: Type.Object({ wait: Type.Optional(Type.Boolean()) }),
        // 201: `wait=true`, the finished run with its results; 202: the run started.
        response: { 201: AttributionSnapshotAnswer, 202: AttributionRunStartedAnswer },
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
        if (snapshot) return reply.status(201).send(snapshot);
        // The run failed: its stored row (with its error) as a 500. Not a documented answer (the
        // problem document is), so no schema serializes it: the status is widened past the typed
        // list of documented ones.
        const failed = await getRun(deps.pool, started.run.run_id);
        return reply.status(500 as 201).send(failed);
      }
      void reply.header('location', `/v1/attribution/runs/${started.run.run_id}`);
      return reply.status(202).send({ run: started.run });
    },
  );

  app.get(
    '/v1/attribution/runs',
    {
      config: { access: VIEWER },
      schema: {
        querystring: Type.Object({
          ...PageQueryMembers,
          before: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: ListOf(AttributionRunAnswer) },
      },
    },
    async (request) => {
      const { limit, cursor, before } = request.query;
      const rows = await listRuns(deps.pool, {
        before,
        limit: limit + 1,
        after: runCursor(cursor),
      });
      return pageFromRows(request, rows, limit, (run) => [run.started_at, run.run_id]);
    },
  );

  app.get(
    '/v1/attribution/runs/:id',
    {
      config: { access: VIEWER },
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: AttributionSnapshotAnswer },
      },
    },
    async (request) => {
      const run = await getRun(deps.pool, request.params.id);
      if (!run) throw notFound(`attribution run ${request.params.id}`);
      return run;
    },
  );

  app.get(
    '/v1/attribution/models',
    { config: { access: VIEWER }, schema: { response: { 200: AttributionModelsAnswer } } },
    async () => ({ models: listModels() }),
  );

  app.get(
    '/v1/attribution/results',
    {
      config: { access: VIEWER },
      schema: { querystring: RunIdQuery, response: { 200: AttributionSnapshotAnswer } },
    },
    async (request) => {
      const runId = request.query.run_id;
      if (runId !== undefined)
        return { ...(await succeededRun(deps.pool, runId)), source: 'warehouse' };
      const latest = await readLatestResults(deps.redis, deps.pool, { logger: deps.logger });
      if (!latest) throw notFound('attribution results (no run has succeeded yet)');
      return latest;
    },
  );

  app.get(
    '/v1/attribution/results/:model',
    {
      config: { access: VIEWER },
      schema: {
        params: Type.Object({ model: Type.String({ maxLength: 40 }) }),
        querystring: RunIdQuery,
        response: { 200: AttributionModelResultOfRunAnswer },
      },
    },
    async (request) => {
      const runId = request.query.run_id;
      if (runId !== undefined) {
        const model = (() => {
          try {
            return resolveModelId(request.params.model);
          } catch (error) {
            throw toHttpError(error);
          }
        })();
        const { run, results } = await succeededRun(deps.pool, runId);
        const result = results[model];
        if (!result) throw notFound(`attribution results of ${model} in run ${runId}`);
        return { run, result, source: 'warehouse' };
      }
      const latest = await readResult(deps.redis, deps.pool, request.params.model, {
        logger: deps.logger,
      }).catch((error: unknown) => {
        throw toHttpError(error);
      });
      if (!latest?.result) throw notFound(`attribution results of ${request.params.model}`);
      return latest;
    },
  );

  // Stateless: a model run on the caller's path summary, nothing stored or cached.
  app.post(
    '/v1/attribution/evaluate',
    {
      config: { access: VIEWER },
      schema: { body: evaluateBody, response: { 200: AttributionEvaluateAnswer } },
      bodyLimit: 64 * 1024 * 1024,
    },
    (request) => {
      try {
        return evaluatePathSummary(request.body as AttributionEvaluateRequest);
      } catch (error) {
        throw toHttpError(error);
      }
    },
  );
}
