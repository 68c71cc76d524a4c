import { REPORT_NAMES } from '@tributary/category-report-store';
import { CAMPAIGN_ROUTES } from '../../services/query-api/src/http/campaign-routes';

/**
 * The contract rules docs/api.md states, as the OpenAPI check applies them.
 *
 * Routes hidden from the documents: the probes, /metrics, the document itself, the interactive
 * docs pages and the dashboard's files. Any other hidden route is a gap in the contract.
 */
export const INFRASTRUCTURE_PATH =
  /^\/(healthz|readyz|metrics|openapi\.json|docs(\/.*)?|assets\/.*)?$/;

/** Fastify's `/v1/a/:id` as OpenAPI's `/v1/a/{id}`. */
export const openApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

export type Family = 'kebab-case' | 'snake_case' | 'Segment spelling';

const SEGMENT_ROUTES = new Set(
  ['batch', 'track', 'page', 'screen', 'identify', 'alias'].map((name) => `/v1/${name}`),
);
const QUERY_API_CAMPAIGN_ROUTES = new Set(CAMPAIGN_ROUTES.map((route) => route.url));

/**
 * Campaign resources keep the seed's spelling (kebab-case): every route of campaign-goals and
 * campaign-core, and the routes query-api forwards to them. Segment's HTTP API keeps Segment's
 * spelling (camelCase envelope, snake_case e-commerce properties). Everything else: snake_case.
 */
export function familyOf(service: string, url: string): Family {
  if (service === 'campaign-goals' || service === 'campaign-core') return 'kebab-case';
  if (service === 'query-api' && QUERY_API_CAMPAIGN_ROUTES.has(url)) return 'kebab-case';
  if (service === 'ingest-gateway' && SEGMENT_ROUTES.has(url)) return 'Segment spelling';
  return 'snake_case';
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)*$/;

export function casingViolations(names: Iterable<string>, family: Family): string[] {
  const ok =
    family === 'kebab-case'
      ? (n: string) => KEBAB.test(n)
      : family === 'snake_case'
        ? (n: string) => SNAKE.test(n)
        : (n: string) => CAMEL.test(n) || SNAKE.test(n);
  return [...new Set(names)].filter((name) => !ok(name) && !IDENTIFIER_MEMBERS.has(name)).sort();
}

/** Every member name a schema (or any JSON holding schemas) declares under `properties`. */
export function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) propertyNames(item, into);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) into.add(name);
      }
      propertyNames(value, into);
    }
  }
  return into;
}

/**
 * Routes that still answer without a response schema: each is a gap, listed so that the check
 * can hold every other route to the rule now. The test fails when an entry gains a schema (take
 * it off) or no longer exists; the list only shrinks.
 */
export const PENDING_RESPONSE_SCHEMAS: ReadonlySet<string> = new Set<string>([
  // R24 explanations: a deep structure whose inner members are camelCase (goalId, grantPreview),
  // against the kebab-case rule; a schema comes with renaming them (a breaking change).
  'campaign-core GET /v1/clients/:clientId/campaigns/:id/explain',
  'campaign-core POST /v1/campaigns/:id/dry-run',
  'query-api GET /v1/clients/:clientId/campaigns/:id/explain',
  'query-api POST /v1/campaigns/:id/dry-run',
]);

/**
 * Member names that are identifiers, not words of the API: a map keyed by report name
 * (`row_counts: { "top-viewed": ... }`) spells each key as the report's path segment does.
 */
export const IDENTIFIER_MEMBERS: ReadonlySet<string> = new Set(REPORT_NAMES);
