import { ADHOC_DEADLINE_HEADER, type AdhocValidation } from '@tributary/schemas';
import type { CircuitBreakers } from '../domain/circuit-breaker';
import { Decimal } from '../domain/decimal';

export type GoalKind =
  | { goalId: number; source: 'stream'; type: 'amount' | 'times'; target: Decimal }
  | { goalId: number; source: 'adhoc'; validation: AdhocValidation };

export interface StreamValue {
  type: 'amount' | 'times';
  target: Decimal;
  value: Decimal;
}

/** What campaign-core needs from campaign-goals (its HTTP API, contract in campaign-contract). */
export interface CampaignGoalsClient {
  /** undefined when the goal does not exist. */
  getGoal(goalId: number): Promise<GoalKind | undefined>;
  /** R14: the ad-hoc check; false for a goal campaign-goals does not know. */
  checkAdhoc(goalId: number, clientId: string): Promise<boolean>;
  /** Current value vs target, for explain; undefined when campaign-goals cannot say. */
  streamValue(goalId: number, clientId: string, at: Date): Promise<StreamValue | undefined>;
}

/** campaign-goals is down or answered 5xx: a dependency outage, so callers retry later. */
export class CampaignGoalsUnavailable extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CampaignGoalsUnavailable';
  }
}

type Json = Record<string, unknown>;

/** A decimal from a JSON number or string; anything else is not a value we can compare. */
function decimalOf(value: unknown): Decimal | undefined {
  return typeof value === 'number' || typeof value === 'string' ? new Decimal(value) : undefined;
}

export function createCampaignGoalsClient(options: {
  baseUrl: string;
  timeoutMs: number;
  /**
   * The wait for an ad-hoc check. campaign-goals is told it (less a margin for its answer to come
   * back) in x-tributary-deadline-ms and stops working on the check by then, retries included,
   * answering false (R14): a slow endpoint ends in an answer, not in a timeout and a held batch
   * here, whatever ADHOC_TIMEOUT_MS x attempts adds up to there. Default: timeoutMs.
   */
  adhocTimeoutMs?: number;
  /** One circuit per ad-hoc goal: a check that keeps failing fails fast for a cooldown. */
  breakers?: CircuitBreakers;
  headers?: Record<string, string>;
  now?: () => number;
}): CampaignGoalsClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;

  async function call(
    path: string,
    init: RequestInit = {},
    timeoutMs = options.timeoutMs,
  ): Promise<Json | undefined> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        ...init,
        headers: { accept: 'application/json', ...options.headers, ...init.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new CampaignGoalsUnavailable(`campaign-goals unreachable: ${path}`, { cause: err });
    }
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new CampaignGoalsUnavailable(`campaign-goals answered ${response.status}: ${path}`);
    }
    return (await response.json()) as Json;
  }

  return {
    async getGoal(goalId) {
      const body = await call(`/v1/goals/${goalId}`);
      return body && goalKind(goalId, body);
    },
    async checkAdhoc(goalId, clientId) {
      const key = String(goalId);
      const waitMs = options.adhocTimeoutMs ?? options.timeoutMs;
      const breakers = options.breakers;
      if (breakers && !breakers.allow(key, now())) {
        const until = new Date(breakers.openUntil(key) ?? now()).toISOString();
        throw new CampaignGoalsUnavailable(`ad-hoc goal ${goalId}: circuit open until ${until}`);
      }
      try {
        const body = await call(
          `/v1/goals/${goalId}/check`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [ADHOC_DEADLINE_HEADER]: String(deadlineFor(waitMs)),
            },
            body: JSON.stringify({ 'client-id': clientId }),
          },
          waitMs,
        );
        breakers?.success(key);
        return body?.result === true;
      } catch (err) {
        if (err instanceof CampaignGoalsUnavailable) breakers?.failure(key, now());
        throw err;
      }
    },
    async streamValue(goalId, clientId, at) {
      const query = `goal-id=${goalId}&at=${encodeURIComponent(at.toISOString())}`;
      const body = await call(`/v1/clients/${encodeURIComponent(clientId)}/stream-values?${query}`);
      const target = decimalOf(body?.target);
      const value = decimalOf(body?.value);
      if (!body || !target || !value) return undefined;
      return { type: body.type === 'times' ? 'times' : 'amount', target, value };
    },
  };
}

/**
 * What campaign-goals is granted of a wait: all but a margin (a tenth, at most 500 ms) for logging
 * the call and for the answer's way back, so its false arrives before this side gives up.
 */
export function deadlineFor(waitMs: number): number {
  return Math.max(1, waitMs - Math.min(500, Math.floor(waitMs / 10)));
}

/** Reads a goal as campaign-goals serves it (the seed's JSON, possibly wrapped in `goal`). */
function goalKind(goalId: number, raw: Json): GoalKind {
  const goal = (typeof raw.goal === 'object' && raw.goal !== null ? raw.goal : raw) as Json;
  if (goal.source === 'adhoc') {
    const mode = goal['campaign-validation'] ?? goal['campaing-validation'];
    return {
      goalId,
      source: 'adhoc',
      validation: mode === 'first-check' ? 'first-check' : 'every-check',
    };
  }
  return {
    goalId,
    source: 'stream',
    type: goal.type === 'times' ? 'times' : 'amount',
    target: decimalOf(goal.target) ?? new Decimal(0),
  };
}
