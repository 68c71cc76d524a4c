import { sendJson, startLocalServer, type LocalServer } from './local-http-server';

export interface CampaignGoalsStub extends LocalServer {
  /** Goal definitions served by GET /v1/goals/{id} (the seed's JSON). */
  goals: Map<number, Record<string, unknown>>;
  /** Ad-hoc answers by "goalId:clientId"; missing means false. */
  answers: Map<string, boolean>;
  /** Every check asked, as "goalId:clientId". */
  checks: string[];
  /** The x-tributary-deadline-ms header of every check, in the order of `checks`. */
  deadlines: (string | undefined)[];
  /** Values served by stream-values, by "goalId:clientId". */
  values: Map<string, { type: string; target: string; value: string }>;
  /**
   * Runs before a check is answered (a slow or failing ad-hoc endpoint behind campaign-goals);
   * a returned status is answered instead of the result.
   */
  beforeCheck: { hook?: (key: string) => Promise<number | undefined> };
}

/** A local stand-in for campaign-goals' HTTP API (the service is built concurrently). */
export async function startCampaignGoalsStub(): Promise<CampaignGoalsStub> {
  const goals = new Map<number, Record<string, unknown>>();
  const answers = new Map<string, boolean>();
  const values = new Map<string, { type: string; target: string; value: string }>();
  const checks: string[] = [];
  const deadlines: (string | undefined)[] = [];
  const beforeCheck: CampaignGoalsStub['beforeCheck'] = {};
  const server = await startLocalServer(async (request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const goal = /^\/v1\/goals\/(\d+)$/.exec(url.pathname);
    if (request.method === 'GET' && goal) {
      const found = goals.get(Number(goal[1]));
      return found
        ? sendJson(response, 200, found)
        : sendJson(response, 404, { error: { code: 'NOT_FOUND' } });
    }
    const check = /^\/v1\/goals\/(\d+)\/check$/.exec(url.pathname);
    if (request.method === 'POST' && check) {
      const clientId = (JSON.parse(body) as { 'client-id': string })['client-id'];
      const key = `${check[1]}:${clientId}`;
      checks.push(key);
      const deadline = request.headers['x-tributary-deadline-ms'];
      deadlines.push(Array.isArray(deadline) ? deadline.join() : deadline);
      const status = await beforeCheck.hook?.(key);
      if (status !== undefined) return sendJson(response, status, {});
      return sendJson(response, 200, {
        'goal-id': Number(check[1]),
        'client-id': clientId,
        result: answers.get(key) === true,
      });
    }
    const streamValues = /^\/v1\/clients\/([^/]+)\/stream-values$/.exec(url.pathname);
    if (request.method === 'GET' && streamValues) {
      const found = values.get(
        `${url.searchParams.get('goal-id')}:${decodeURIComponent(streamValues[1] ?? '')}`,
      );
      return found ? sendJson(response, 200, found) : sendJson(response, 404, {});
    }
    return sendJson(response, 404, {});
  });
  return { ...server, goals, answers, checks, deadlines, values, beforeCheck };
}

export const streamGoal = (id: number, target = 1000) => ({
  'goal-id': id,
  source: 'stream',
  'stream-id': 1,
  target,
  type: 'amount',
  trigger: 'when-reach',
});

export const adhocGoal = (
  id: number,
  validation: 'first-check' | 'every-check' = 'first-check',
) => ({
  'goal-id': id,
  source: 'adhoc',
  query: 'https://api.example.com/customers/{{clientid}}',
  expression: "response.data.person.gender == 'female'",
  'campaing-validation': validation,
});
