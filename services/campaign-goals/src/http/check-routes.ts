import { Type } from '@sinclair/typebox';
import { OWN_CLIENT_IN_BODY, notFound, type HttpApp } from '@tributary/http';
import { ADHOC_DEADLINE_HEADER, GoalCheckAnswer } from '@tributary/schemas';
import type { AdhocChecker } from '../adapters/adhoc-checker';
import type { ConfigRegistry } from '../adapters/config-registry';
import type { ReadQueries } from '../adapters/read-queries';

export interface CheckRoutesDeps {
  registry: ConfigRegistry;
  check: AdhocChecker;
  reads: ReadQueries;
  now: () => Date;
}

const CheckBody = Type.Object(
  {
    'client-id': Type.Union([
      Type.String({ minLength: 1, maxLength: 128 }),
      Type.Integer({ minimum: 0 }),
    ]),
  },
  { additionalProperties: false },
);

/** campaign-core sends its remaining wait, so no work on a check outlives the caller's interest. */
const CheckHeaders = Type.Object({
  [ADHOC_DEADLINE_HEADER]: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
});

/**
 * POST /v1/goals/{goalId}/check: an ad-hoc goal is asked now (R14; caching per campaign, R15, is
 * campaign-core's); a stream goal answers whether it is realized in the period containing now.
 */
export function registerCheckRoutes(app: HttpApp, deps: CheckRoutesDeps): void {
  app.post(
    '/v1/goals/:goalId/check',
    {
      config: { access: OWN_CLIENT_IN_BODY },
      schema: {
        params: Type.Object({ goalId: Type.String({ minLength: 1 }) }),
        headers: CheckHeaders,
        body: CheckBody,
        response: { 200: GoalCheckAnswer },
      },
    },
    async (request) => {
      const waitMs = request.headers[ADHOC_DEADLINE_HEADER];
      const budget = waitMs === undefined ? {} : { deadline: Date.now() + waitMs };
      const clientId = String(request.body['client-id']);
      const goalId = request.params.goalId;
      let goal = deps.registry.current().goals.get(goalId);
      if (!goal) goal = (await deps.registry.reload()).goals.get(goalId);
      if (!goal) throw notFound(`goal ${goalId}`);
      if (goal.source === 'adhoc') {
        const outcome = await deps.check(goalId, goal, clientId, budget);
        return { 'goal-id': goalId, 'client-id': clientId, ...outcome };
      }
      const realized = await deps.reads.isRealized(clientId, goalId, deps.now());
      return realized
        ? { 'goal-id': goalId, 'client-id': clientId, result: true }
        : {
            'goal-id': goalId,
            'client-id': clientId,
            result: false,
            reason: 'not realized in the current period',
          };
    },
  );
}
