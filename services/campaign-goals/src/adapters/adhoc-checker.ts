import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { AdhocGoal } from '@tributary/schemas';
import { compileAdhocExpression, type AdhocExpression } from '../domain/adhoc-expression';
import { buildQueryUrl } from '../domain/adhoc-query-url';
import { interpretAdhocResponse } from '../domain/interpret-adhoc-response';
import { allowedGet, type GetBudget, type GetSettings } from './allowed-get';

export interface AdhocCheck {
  result: boolean;
  reason?: string;
}

/**
 * R14: calls the goal's query for a client through the allow-listed client and decides with the
 * goal's expression. Never throws: timeouts, refusals, non-JSON bodies and expression errors are
 * false with a reason. Every call is logged in adhoc_calls (R13).
 *
 * An open circuit for the query's host (settings.breakers) and the caller's deadline (budget)
 * end the call like a timeout does: false with the reason (`circuit open for ...`, `stopped at
 * the caller's deadline`), which R14 reads as a failed check and R15 never caches.
 */
export function createAdhocChecker(pool: Pool, settings: GetSettings, logger: Logger) {
  const compiled = new Map<string, AdhocExpression>();
  const log = logger.child({ component: 'adhoc' });

  function expressionOf(goal: AdhocGoal): AdhocExpression | undefined | string {
    const text = goal.expression?.trim() ?? '';
    if (text === '') return undefined;
    const cached = compiled.get(text);
    if (cached) return cached;
    const outcome = compileAdhocExpression(text);
    if (!outcome.ok) return outcome.reason;
    compiled.set(text, outcome.expression);
    return outcome.expression;
  }

  return async function check(
    goalId: string,
    goal: AdhocGoal,
    clientId: string,
    budget: GetBudget = {},
  ): Promise<AdhocCheck> {
    const started = Date.now();
    const url = buildQueryUrl(goal.query, clientId);
    let outcome: AdhocCheck & { status?: number; attempts: number; url: string };
    if (!url.ok) {
      outcome = { result: false, reason: url.reason, attempts: 0, url: goal.query };
    } else {
      const expression = expressionOf(goal);
      const response =
        typeof expression === 'string' ? expression : await allowedGet(url.url, settings, budget);
      if (typeof response === 'string') {
        outcome = { result: false, reason: `expression: ${response}`, attempts: 0, url: url.url };
      } else if (!response.ok) {
        outcome = {
          result: false,
          reason: response.reason,
          status: response.status,
          attempts: response.attempts,
          url: url.url,
        };
      } else {
        const decided = interpretAdhocResponse(
          typeof expression === 'string' ? undefined : expression,
          response,
        );
        outcome = decided.value
          ? { result: true, status: response.status, attempts: response.attempts, url: url.url }
          : {
              result: false,
              reason: decided.reason,
              status: response.status,
              attempts: response.attempts,
              url: url.url,
            };
      }
    }
    const durationMs = Date.now() - started;
    log.info(
      {
        goal_id: goalId,
        client_id: clientId,
        result: outcome.result,
        reason: outcome.reason,
        status: outcome.status,
        durationMs,
      },
      'ad-hoc goal checked',
    );
    try {
      await pool.query(
        `INSERT INTO adhoc_calls (goal_id, client_id, url, status, result, reason, attempts, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          goalId,
          clientId,
          outcome.url,
          outcome.status ?? null,
          outcome.result,
          outcome.reason ?? null,
          outcome.attempts,
          durationMs,
        ],
      );
    } catch (err) {
      log.warn({ err, goal_id: goalId, client_id: clientId }, 'ad-hoc call not logged');
    }
    return outcome.reason === undefined
      ? { result: outcome.result }
      : { result: outcome.result, reason: outcome.reason };
  };
}
export type AdhocChecker = ReturnType<typeof createAdhocChecker>;
