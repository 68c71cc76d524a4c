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
import {
  formatIssues,
  GoalDefinition,
  StreamDefinition,
  type ValidationIssue,
} from '@tributary/schemas';
import type { ConfigRegistry } from '../adapters/config-registry';
import type { DefinitionRepository } from '../adapters/definition-repository';
import { validateGoalDefinition } from '../domain/validate-goal-definition';
import { validateStreamDefinition } from '../domain/validate-stream-definition';

export interface DefinitionRoutesDeps {
  repo: DefinitionRepository;
  registry: ConfigRegistry;
  zone: string;
  now: () => Date;
  /** Reloads the configuration and subscribes to the streams' topics (no restart). */
  onStreamsChanged: () => Promise<void>;
  onGoalsChanged: () => Promise<void>;
}

const NoContent = Type.Null({ description: 'no body' });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

function invalid(what: string, issues: ValidationIssue[]): HttpError {
  return new HttpError('VALIDATION_FAILED', `invalid ${what}: ${formatIssues(issues)}`, issues);
}

/** Ids in numeric order when they are whole numbers (shorter first), by text otherwise. */
const byId = (item: { id: string }) => [item.id.length, item.id];

/** goals.achieved carries integer goal and stream ids (libs/schemas goal-achieved.ts). */
const INTEGER_ID = /^\d{1,15}$/;

/** POST/GET /v1/streams, GET/PUT/DELETE /v1/streams/{id}, and the same for /v1/goals. */
export function registerDefinitionRoutes(app: HttpApp, deps: DefinitionRoutesDeps): void {
  const { repo } = deps;

  const checkStream = (body: unknown, id?: string): StreamDefinition => {
    const result = validateStreamDefinition(body, deps.zone, deps.now());
    if (!result.ok) throw invalid('stream', result.issues);
    const streamId = String(result.value['stream-id']);
    if (!INTEGER_ID.test(streamId)) {
      throw invalid('stream', [
        {
          path: '/stream-id',
          message: 'must be a whole number (goals.achieved carries it as an integer)',
        },
      ]);
    }
    if (id !== undefined && streamId !== id) {
      throw invalid('stream', [
        { path: '/stream-id', message: `must equal the id in the URL (${id})` },
      ]);
    }
    return result.value;
  };

  app.post(
    '/v1/streams',
    { config: { access: OPERATOR }, schema: { response: { 201: StreamDefinition } } },
    async (request, reply) => {
      const definition = checkStream(request.body);
      const id = String(definition['stream-id']);
      if ((await repo.createStream(id, definition)) === 'exists') {
        throw new HttpError('CONFLICT', `stream ${id} exists; use PUT /v1/streams/${id}`);
      }
      await deps.onStreamsChanged();
      return reply.status(201).send(definition);
    },
  );
  app.get(
    '/v1/streams',
    {
      config: { access: VIEWER },
      schema: { querystring: PageQuery, response: { 200: ListOf(StreamDefinition) } },
    },
    async (request) => {
      const page = pageOf(request, await repo.listStreams(), request.query, { keyOf: byId });
      return { items: page.items.map((s) => s.definition), next: page.next };
    },
  );
  app.get(
    '/v1/streams/:id',
    {
      config: { access: VIEWER },
      schema: { params: IdParams, response: { 200: StreamDefinition } },
    },
    async (request, reply) => {
      const found = (await repo.listStreams()).find((s) => s.id === request.params.id);
      if (!found) throw notFound(`stream ${request.params.id}`);
      return reply.header('etag', etagHeader(found.etag)).send(found.definition);
    },
  );
  app.put(
    '/v1/streams/:id',
    {
      config: { access: OPERATOR },
      schema: { params: IdParams, response: { 200: StreamDefinition } },
    },
    async (request, reply) => {
      const id = request.params.id;
      const definition = checkStream(request.body, id);
      const previous = (await repo.listStreams()).find((s) => s.id === id);
      if (!previous) throw notFound(`stream ${id}`);
      // R1 is silent on re-framing existing periods; refusing keeps every stored row consistent.
      if (
        previous.definition.frequency.trim() !== definition.frequency.trim() &&
        (await repo.streamHasData(id))
      ) {
        throw new HttpError(
          'CONFLICT',
          'frequency cannot change while the stream has data; create a new stream',
        );
      }
      const outcome = await repo.updateStream(id, definition, expectedMd5(preconditionOf(request)));
      if (outcome === 'missing') throw notFound(`stream ${id}`);
      if (outcome === 'stale') throw preconditionFailed(`stream ${id}`);
      await deps.onStreamsChanged();
      return reply.header('etag', etagHeader(outcome.etag)).send(definition);
    },
  );
  app.delete(
    '/v1/streams/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const goals = await repo.goalsOfStream(request.params.id);
      if (goals.length > 0)
        throw new HttpError(
          'CONFLICT',
          `goals ${goals.join(', ')} use this stream; delete them first`,
        );
      const deleted = await repo.deleteStream(
        request.params.id,
        expectedMd5(preconditionOf(request)),
      );
      if (deleted === 'missing') throw notFound(`stream ${request.params.id}`);
      if (deleted === 'stale') throw preconditionFailed(`stream ${request.params.id}`);
      await deps.onStreamsChanged();
      return reply.status(204).send(null);
    },
  );

  const checkGoal = (body: unknown, id?: string): GoalDefinition => {
    const result = validateGoalDefinition(body);
    if (!result.ok) throw invalid('goal', result.issues);
    const goal = result.value;
    const goalId = String(goal['goal-id']);
    if (id !== undefined && goalId !== id) {
      throw invalid('goal', [
        { path: '/goal-id', message: `must equal the id in the URL (${id})` },
      ]);
    }
    if (goal.source === 'stream') {
      if (!INTEGER_ID.test(goalId)) {
        throw invalid('goal', [
          {
            path: '/goal-id',
            message: 'must be a whole number (goals.achieved carries it as an integer)',
          },
        ]);
      }
      if (!deps.registry.current().streamDefinitions.has(String(goal['stream-id']))) {
        throw invalid('goal', [{ path: '/stream-id', message: `no stream ${goal['stream-id']}` }]);
      }
    }
    return goal;
  };
  const streamIdOf = (goal: GoalDefinition) =>
    goal.source === 'stream' ? String(goal['stream-id']) : null;

  app.post(
    '/v1/goals',
    { config: { access: OPERATOR }, schema: { response: { 201: GoalDefinition } } },
    async (request, reply) => {
      await deps.registry.reload();
      const goal = checkGoal(request.body);
      const id = String(goal['goal-id']);
      if ((await repo.createGoal(id, streamIdOf(goal), goal)) === 'exists') {
        throw new HttpError('CONFLICT', `goal ${id} exists; use PUT /v1/goals/${id}`);
      }
      await deps.onGoalsChanged();
      return reply.status(201).send(goal);
    },
  );
  app.get(
    '/v1/goals',
    {
      config: { access: VIEWER },
      schema: { querystring: PageQuery, response: { 200: ListOf(GoalDefinition) } },
    },
    async (request) => {
      const page = pageOf(request, await repo.listGoals(), request.query, { keyOf: byId });
      return { items: page.items.map((g) => g.definition), next: page.next };
    },
  );
  app.get(
    '/v1/goals/:id',
    { config: { access: VIEWER }, schema: { params: IdParams, response: { 200: GoalDefinition } } },
    async (request, reply) => {
      const found = (await repo.listGoals()).find((g) => g.id === request.params.id);
      if (!found) throw notFound(`goal ${request.params.id}`);
      return reply.header('etag', etagHeader(found.etag)).send(found.definition);
    },
  );
  app.put(
    '/v1/goals/:id',
    {
      config: { access: OPERATOR },
      schema: { params: IdParams, response: { 200: GoalDefinition } },
    },
    async (request, reply) => {
      await deps.registry.reload();
      const goal = checkGoal(request.body, request.params.id);
      const outcome = await repo.updateGoal(
        request.params.id,
        streamIdOf(goal),
        goal,
        expectedMd5(preconditionOf(request)),
      );
      if (outcome === 'missing') throw notFound(`goal ${request.params.id}`);
      if (outcome === 'stale') throw preconditionFailed(`goal ${request.params.id}`);
      await deps.onGoalsChanged();
      return reply.header('etag', etagHeader(outcome.etag)).send(goal);
    },
  );
  app.delete(
    '/v1/goals/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const deleted = await repo.deleteGoal(
        request.params.id,
        expectedMd5(preconditionOf(request)),
      );
      if (deleted === 'missing') throw notFound(`goal ${request.params.id}`);
      if (deleted === 'stale') throw preconditionFailed(`goal ${request.params.id}`);
      await deps.onGoalsChanged();
      return reply.status(204).send(null);
    },
  );
}
