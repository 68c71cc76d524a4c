import type { InjectOptions, LightMyRequestResponse } from 'fastify';

type Headers = Record<string, string | undefined>;

/** API Gateway REST API (payload format 1.0) proxy event: the fields the adapter reads. */
export interface RestApiEvent {
  httpMethod: string;
  path: string;
  headers?: Headers | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Headers | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { requestId?: string; identity?: { sourceIp?: string } };
}

/** API Gateway HTTP API (payload format 2.0) event. */
export interface HttpApiEvent {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Headers;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    stage?: string;
    requestId?: string;
    http: { method: string; sourceIp?: string };
  };
}

export type ApiGatewayEvent = RestApiEvent | HttpApiEvent;

export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

const isHttpApi = (event: ApiGatewayEvent): event is HttpApiEvent =>
  'version' in event && event.version === '2.0';

function definedHeaders(headers: Headers | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

function bodyOf(event: { body?: string | null; isBase64Encoded?: boolean }): Buffer | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** The request app.inject replays for one event. */
export function toInjectOptions(event: ApiGatewayEvent): InjectOptions {
  if (isHttpApi(event)) {
    const stage = event.requestContext.stage;
    // A named stage prefixes rawPath (`/prod/v1/...`); the app's routes start at `/v1`.
    const path =
      stage && stage !== '$default' && event.rawPath.startsWith(`/${stage}/`)
        ? event.rawPath.slice(stage.length + 1)
        : event.rawPath;
    const headers = definedHeaders(event.headers);
    if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
    return {
      method: event.requestContext.http.method as InjectOptions['method'],
      url: event.rawQueryString ? `${path}?${event.rawQueryString}` : path,
      headers,
      payload: bodyOf(event),
      remoteAddress: event.requestContext.http.sourceIp,
    };
  }
  const headers = definedHeaders(event.headers);
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values?.length) headers[name.toLowerCase()] = values.join(', ');
  }
  const query = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi))
      for (const v of values ?? []) query.append(name, v);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) query.append(name, value);
  }
  const search = query.toString();
  return {
    method: event.httpMethod as InjectOptions['method'],
    url: search ? `${event.path}?${search}` : event.path,
    headers,
    payload: bodyOf(event),
    remoteAddress: event.requestContext?.identity?.sourceIp,
  };
}

const TEXT = /^(text\/|application\/(json|problem\+json|javascript|xml|x-ndjson))|\+json|\+xml/;

/** The proxy result for the event's payload format; binary or compressed bodies go as base64. */
export function toResult(
  event: ApiGatewayEvent,
  response: LightMyRequestResponse,
): ApiGatewayResult {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    if (name === 'set-cookie') cookies.push(...values);
    else headers[name] = values.join(', ');
    multi[name] = values;
  }
  const contentType = headers['content-type'] ?? '';
  const text = !headers['content-encoding'] && (contentType === '' || TEXT.test(contentType));
  const body = text ? response.body : response.rawPayload.toString('base64');
  if (isHttpApi(event)) {
    return {
      statusCode: response.statusCode,
      headers,
      ...(cookies.length ? { cookies } : {}),
      body,
      isBase64Encoded: !text,
    };
  }
  return {
    statusCode: response.statusCode,
    headers,
    multiValueHeaders: multi,
    body,
    isBase64Encoded: !text,
  };
}
