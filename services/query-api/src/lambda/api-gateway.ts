import type { LightMyRequestResponse } from 'fastify';

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
  requestContext?: {
    requestId?: string;
    stage?: string;
    resourcePath?: string;
    identity?: { sourceIp?: string };
  };
}

/** API Gateway HTTP API (payload format 2.0) event. */
export interface HttpApiEvent {
  version: '2.0';
  rawPath: string;
  rawQueryString?: string;
  queryStringParameters?: Headers;
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
  isBase64Encoded?: boolean;
}

const isHttpApi = (event: ApiGatewayEvent): event is HttpApiEvent =>
  'version' in event && event.version === '2.0';

/**
 * What @fastify/aws-lambda does not do for a 2.0 event, done before it sees the event: a named
 * stage prefixes rawPath (`/prod/v1/...`) while the app's routes start at `/v1`; and the query is
 * taken as the client sent it (rawQueryString), not from queryStringParameters, where API Gateway
 * joins a repeated parameter with commas.
 */
export function normalizeEvent(event: ApiGatewayEvent): ApiGatewayEvent {
  if (!isHttpApi(event)) {
    // A REST API passes header names as the client spelled them; the library looks some up in
    // lower case (x-request-id, content-length), so a client's X-Request-Id would be shadowed.
    return {
      ...event,
      headers: lowerCased(event.headers),
      multiValueHeaders: lowerCased(event.multiValueHeaders),
    };
  }
  const stage = event.requestContext.stage;
  const path =
    stage && stage !== '$default' && event.rawPath.startsWith(`/${stage}/`)
      ? event.rawPath.slice(stage.length + 1)
      : event.rawPath;
  const { queryStringParameters: _joined, ...rest } = event;
  return { ...rest, rawPath: event.rawQueryString ? `${path}?${event.rawQueryString}` : path };
}

function lowerCased<T>(headers: Record<string, T> | null | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

const TEXT = /^(text\/|application\/(json|problem\+json|javascript|xml|x-ndjson))|\+json|\+xml/;

/** Compressed or binary bodies go to API Gateway as base64; text as it is. */
export function needsBase64(response: LightMyRequestResponse): boolean {
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return true;
  const type = String(response.headers['content-type'] ?? '');
  return type !== '' && !TEXT.test(type);
}
