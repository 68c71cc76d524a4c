import type { AdhocValidation } from '@tributary/schemas';
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
  headers?: Record<string, string>;
}): CampaignGoalsClient {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(path: string, init: RequestInit = {}): Promise<Json | undefined> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        ...init,
        headers: { accept: 'application/json', ...options.headers, ...init.headers },
        signal: AbortSignal.timeout(options.timeoutMs),
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
      const body = await call(`/v1/goals/${goalId}/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 'client-id': clientId }),
      });
      return body?.result === true;
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
