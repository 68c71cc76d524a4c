/** An operation of a service's OpenAPI document, with what the suite needs to attack it. */
export interface Operation {
  method: string;
  /** The OpenAPI path, `{name}` for parameters. */
  template: string;
  access: Access;
  params: Param[];
  query: Param[];
  hasBody: boolean;
  /** The content types the operation documents for its body. */
  contentTypes: string[];
}

export type Access =
  | 'public'
  | 'producer'
  | {
      role: 'customer' | 'viewer' | 'operator' | 'admin';
      customerOwn?: { param?: string; body?: string };
    };

interface Param {
  name: string;
  schema: { type?: string; format?: string; pattern?: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  'x-access'?: Access;
  parameters?: { in: string; name: string; schema?: Param['schema'] }[];
  requestBody?: { content?: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, byMethod] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!METHODS.includes(method)) continue;
      const parameters = op.parameters ?? [];
      const of = (where: string) =>
        parameters
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, schema: p.schema ?? {} }));
      operations.push({
        method: method.toUpperCase(),
        template,
        access: op['x-access'] ?? 'public',
        params: of('path'),
        query: of('query'),
        hasBody: method === 'post' || method === 'put' || method === 'patch',
        contentTypes: Object.keys(op.requestBody?.content ?? {}),
      });
    }
  }
  return operations;
}

const isHour = (schema: Param['schema']) => (schema.pattern ?? '').endsWith('T\\d{2}$');
const isDay = (schema: Param['schema']) =>
  schema.format === 'date' || (schema.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}');
const isInstant = (schema: Param['schema']) => schema.format === 'date-time';

/** A plausible value for a path parameter, so the request reaches the route's checks. */
function sample(param: Param, clientId: string): string {
  if (param.name === 'clientId') return clientId;
  if (param.name === 'model') return 'linear';
  if (isHour(param.schema)) return '2026-01-10T13';
  if (isDay(param.schema)) return '2021-11-01';
  return '1';
}

export function pathOf(
  op: Operation,
  options: { clientId?: string; override?: Record<string, string> } = {},
): string {
  return op.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const forced = options.override?.[name];
    if (forced !== undefined) return forced;
    const param = op.params.find((p) => p.name === name) ?? { name, schema: {} };
    return encodeURIComponent(sample(param, options.clientId ?? '42'));
  });
}

/** The same resource, spelled the ways that once slipped past a check on the URL's text. */
export function spellings(path: string, port: number): Record<string, string> {
  const encodedFirstLetter = path.replace(
    /^\/(\w)/,
    (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`,
  );
  return {
    'percent-encoded letter': encodedFirstLetter,
    'absolute-form target': `http://127.0.0.1:${port}${path}`,
    'absolute-form, another host': `http://internal.example${path}`,
    'double slash': `/${path}`,
    'inner double slash': path.replace(/^\/(\w+)\//, '/$1//'),
    'trailing slash': `${path}/`,
    'dot segments': path.replace(/^\/(\w+)\//, '/$1/zz/../'),
    'encoded dot segments': path.replace(/^\/(\w+)\//, '/$1/zz/%2e%2e/'),
    'mixed case': path.replace(
      /^\/(\w)(\w*)/,
      (_m, a: string, b: string) => `/${a.toUpperCase()}${b}`,
    ),
  };
}

/**
 * Bodies no route may accept, each with the statuses a correct refusal answers. A route that
 * documents text/plain (Segment's, for analytics.js) parses it as JSON through the same hardened
 * parser: there a form-looking text/plain body is malformed JSON (400), not an unsupported type.
 */
export function hostileBodies(
  op?: Pick<Operation, 'contentTypes'>,
): Record<string, { body: string; contentType: string; expect: number[] }> {
  const takesText = op?.contentTypes.includes('text/plain') ?? false;
  let nested = '1';
  for (let i = 0; i < 200; i += 1) nested = `{"a":${nested}}`;
  return {
    oversize: {
      body: JSON.stringify({ blob: 'x'.repeat(2_200_000) }),
      contentType: 'application/json',
      // The evaluate route takes large path summaries: there, the schema refuses it.
      expect: [413, 400],
    },
    'deep nesting': { body: nested, contentType: 'application/json', expect: [400] },
    'wrong content type': {
      body: 'client-id=42',
      contentType: 'text/plain',
      expect: takesText ? [400] : [415],
    },
    'form content type': {
      body: 'client-id=42',
      contentType: 'application/x-www-form-urlencoded',
      expect: [415],
    },
    '__proto__ key': {
      body: '{"__proto__":{"polluted":"yes"},"client-id":"42"}',
      contentType: 'application/json',
      expect: [400],
    },
    'constructor.prototype key': {
      body: '{"constructor":{"prototype":{"polluted":"yes"}},"client-id":"42"}',
      contentType: 'application/json',
      expect: [400],
    },
    'NUL in a value': {
      body: '{"client-id":"4\\u00002","status":"joined"}',
      contentType: 'application/json',
      expect: [400],
    },
    'integer beyond 2^53': {
      body: '{"campaign-id":1152921504606846976,"client-id":"42"}',
      contentType: 'application/json',
      expect: [400],
    },
    'number beyond double range': {
      body: '{"amount":1e400,"client-id":"42"}',
      contentType: 'application/json',
      expect: [400],
    },
    'malformed JSON': { body: '{"client-id": ', contentType: 'application/json', expect: [400] },
  };
}

/** Query strings with an impossible calendar date in every date-typed parameter. */
export function impossibleDateQueries(op: Operation): string[] {
  return op.query
    .filter((q) => isDay(q.schema) || isInstant(q.schema))
    .map(
      (q) =>
        `${q.name}=${encodeURIComponent(isInstant(q.schema) ? '2021-02-30T10:00:00Z' : '2021-02-30')}`,
    );
}

/** Path parameters that hold a date (or an hour), each with an impossible value. */
export function impossibleDatePaths(op: Operation): Record<string, string> {
  return Object.fromEntries(
    op.params
      .filter((p) => isDay(p.schema))
      .map((p) => [p.name, isHour(p.schema) ? '2021-02-30T10' : '2021-02-30']),
  );
}
