import type { AdhocExpression } from './adhoc-expression';

/** What the HTTP call of an ad-hoc goal answered; transport errors never reach here. */
export interface AdhocResponse {
  status: number;
  body: string;
}

export type AdhocOutcome = { value: true } | { value: false; reason: string };

/**
 * R14: non-2xx is false. Without an expression: an empty 2xx body is true, a JSON boolean body is
 * that boolean, any other 2xx is true. With an expression: the body must be JSON, and the
 * expression on `response` decides; any failure is false with its reason.
 */
export function interpretAdhocResponse(
  expression: AdhocExpression | undefined,
  response: AdhocResponse,
): AdhocOutcome {
  if (response.status < 200 || response.status > 299) {
    return { value: false, reason: `HTTP status ${response.status}` };
  }
  const body = response.body.trim();
  if (!expression) {
    if (body === 'true') return { value: true };
    if (body === 'false') return { value: false, reason: 'the service answered false' };
    return { value: true };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { value: false, reason: 'the response body is not JSON' };
  }
  const outcome = expression.evaluate(parsed);
  if (!outcome.ok) return { value: false, reason: outcome.reason };
  return outcome.value ? { value: true } : { value: false, reason: 'the expression is false' };
}
