import type { AttributionEvaluateRequest, AttributionResult } from '@tributary/schemas';
import { attribute } from '../domain/attribute';
import { attributeAll, type AllModelsResult } from '../domain/attribute-all';
import { parsePathSummaryJson } from '../domain/parse-path-summary';

/**
 * `POST /v1/attribution/evaluate`: one model (or `all`) on a caller-supplied path summary, the
 * HTTP twin of the `attribute` CLI. The route's schema (the one query-api documents) has checked
 * the body's shape; the domain parser then reads the rows and names row and column in errors.
 */
export function evaluatePathSummary(
  request: AttributionEvaluateRequest,
): AttributionResult | AllModelsResult {
  const rows = parsePathSummaryJson(request.rows);
  const options = request.options ?? {};
  return request.model === 'all'
    ? attributeAll(rows, options)
    : attribute(rows, request.model, options);
}
