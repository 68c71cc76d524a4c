import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listModels } from '@tributary/attribution-store';
import {
  ListOf,
  PageQueryMembers,
  decodeCursor,
  notFound,
  pageFromRows,
  type HttpApp,
} from '@tributary/http';
import {
  ATTRIBUTION_MODEL_IDS,
  AttributionEvaluateAnswer,
  AttributionEvaluateRequest,
  AttributionModelResultOfRunAnswer,
  AttributionModelsAnswer,
  AttributionRunAnswer,
  AttributionRunStartedAnswer,
  AttributionSnapshotAnswer,
  type AttributionModelId,
} from '@tributary/schemas';
import type { AttributionResults, RunBodies } from '../adapters/attribution-results';
import type { UpstreamClient } from '../adapters/upstream-client';
import { registerAttributionAnalyticsRoutes } from './attribution-analytics-routes';
import { cachedBody, sendCached } from './cached-reply';
import { forward } from './proxy';
import type { StoreGuard } from './store-guard';

export interface AttributionRouteDeps {
  results: AttributionResults;
  engine: UpstreamClient;
  guard: StoreGuard;
  smartModel: AttributionModelId;
  maxAgeSeconds: number;
  internalToken: string | undefined;
  /** The demo's truth.json for GET /v1/attribution/truth; unset: that route answers 404. */
  truthFile?: string | undefined;
}

const ModelParam = Type.Object({
  model: Type.Union([
    Type.Literal('smart'),
    ...ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)),
  ]),
});
const RunIdQuery = Type.Object({
  run_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'a past run (default: the latest)' }),
  ),
});
const RunId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const RunsQuery = Type.Object({
  ...PageQueryMembers,
  before: Type.Optional(Type.String({ format: 'date-time' })),
});
const RunRequest = Type.Object(
  {
    models: Type.Optional(
      Type.Array(Type.Union(ATTRIBUTION_MODEL_IDS.map((id) => Type.Literal(id)))),
    ),
    date_from: Type.Optional(Type.String({ format: 'date' })),
    date_to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: true, description: 'run options; the attribution engine validates them' },
);
// Widened once: inferring route types from these large body schemas exceeds the compiler's depth.
const runRequestDoc: TSchema = RunRequest;
const evaluateDoc: TSchema = AttributionEvaluateRequest;
const tags = ['attribution'];
// Response schemas: libs/schemas' attribution answers, the same as attribution-engine's. The
// cached bodies and the forwarded answers are bytes (sent as they are, never filtered); the run
// history and a run by id are serialized with them (open objects: nothing is dropped).
const viewer = { access: { role: 'viewer' as const } };
// These routes answer only with cachedBody() bodies, which compress once per body themselves.
const precompressed = false;

export function registerAttributionRoutes(app: HttpApp, deps: AttributionRouteDeps): void {
  const { results, guard } = deps;
  const sendModel = (
    request: FastifyRequest,
    reply: FastifyReply,
    latest: RunBodies | undefined,
    requested: AttributionModelId | 'smart',
  ): FastifyReply => {
    const id = requested === 'smart' ? deps.smartModel : requested;
    const body = latest?.model(id, requested);
    if (!body) throw notFound(`result of model ${id}`);
    return sendCached(request, reply, body, deps.maxAgeSeconds);
  };
  const ofRun = async (runId: string): Promise<RunBodies> => {
    const bodies = await guard('postgres', () => results.ofRun(runId));
    if (!bodies) throw notFound(`results of attribution run ${runId}`);
    return bodies;
  };
  const models = cachedBody(JSON.stringify({ smart: deps.smartModel, models: listModels() }));
  registerAttributionAnalyticsRoutes(app, {
    results,
    guard,
    smartModel: deps.smartModel,
    truthFile: deps.truthFile,
  });

  app.get(
    '/v1/attribution/models',
    {
      schema: {
        tags,
        summary: 'the attribution models and which one `smart` names',
        response: { 200: AttributionModelsAnswer },
      },
      config: viewer,
      compress: precompressed,
    },
    (request, reply) => sendCached(request, reply, models, deps.maxAgeSeconds),
  );

  app.get(
    '/v1/attribution/results',
    {
      schema: {
        tags,
        summary: "every model's latest result side by side (`run_id`: a past run's)",
        querystring: RunIdQuery,
        response: { 200: AttributionSnapshotAnswer },
      },
      config: viewer,
      compress: precompressed,
    },
    async (request, reply) => {
      const runId = request.query.run_id;
      if (runId !== undefined) {
        return sendCached(request, reply, (await ofRun(runId)).all, deps.maxAgeSeconds);
      }
      const latest = results.peek?.() ?? (await guard('redis', () => results.latest()));
      if (!latest) throw notFound('attribution run');
      return sendCached(request, reply, latest.all, deps.maxAgeSeconds);
    },
  );

  app.get(
    '/v1/attribution/results/:model',
    {
      schema: {
        tags,
        summary:
          "one model's latest result (`smart`: the data-driven default; `run_id`: a past run's)",
        params: ModelParam,
        querystring: RunIdQuery,
        response: { 200: AttributionModelResultOfRunAnswer },
      },
      config: viewer,
      compress: precompressed,
    },
    (request, reply) => {
      const requested = request.params.model;
      const runId = request.query.run_id;
      if (runId !== undefined) {
        return ofRun(runId).then((bodies) => sendModel(request, reply, bodies, requested));
      }
      // Answered synchronously while the run is in memory: no promise on the hottest read (and
      // nothing returned, so Fastify does not wait on the thenable reply either).
      const known = results.peek?.();
      if (known) {
        sendModel(request, reply, known, requested);
        return;
      }
      return guard('redis', () => results.latest()).then((latest) =>
        sendModel(request, reply, latest, requested),
      );
    },
  );

  app.get(
    '/v1/attribution/runs',
    {
      schema: {
        tags,
        summary: 'run history, newest first',
        querystring: RunsQuery,
        response: { 200: ListOf(AttributionRunAnswer) },
      },
      config: viewer,
    },
    async (request) => {
      const { limit, cursor, before } = request.query;
      const key = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      const after = key && { startedAt: String(key[0]), runId: String(key[1]) };
      const rows = await guard('postgres', () => results.runs({ before, limit: limit + 1, after }));
      // One page of the list envelope (docs/api.md), newest first.
      return pageFromRows(request, rows, limit, (run) => [run.started_at, run.run_id]);
    },
  );

  app.get(
    '/v1/attribution/runs/:id',
    {
      schema: {
        tags,
        summary: 'one run with its results',
        params: RunId,
        response: { 200: AttributionSnapshotAnswer },
      },
      config: viewer,
    },
    async (request) => {
      const run = await guard('postgres', () => results.run(request.params.id));
      if (!run) throw notFound(`attribution run ${request.params.id}`);
      return run;
    },
  );

  app.post(
    '/v1/attribution/runs',
    {
      schema: {
        tags,
        summary: 'start an on-demand run (forwarded to attribution-engine)',
        response: { 201: AttributionSnapshotAnswer, 202: AttributionRunStartedAnswer },
      },
      config: { access: { role: 'operator' }, docBody: runRequestDoc },
    },
    (request, reply) => forward(deps.engine, request, reply, deps.internalToken),
  );

  app.post(
    '/v1/attribution/evaluate',
    {
      schema: {
        tags,
        summary: 'run a model on a path summary (forwarded to attribution-engine)',
        response: { 200: AttributionEvaluateAnswer },
      },
      config: { access: { role: 'viewer' }, docBody: evaluateDoc },
    },
    (request, reply) => forward(deps.engine, request, reply, deps.internalToken),
  );
}
