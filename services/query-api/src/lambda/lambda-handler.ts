import awsLambdaFastify from '@fastify/aws-lambda';
import type { HttpApp } from '@tributary/http';
import {
  needsBase64,
  normalizeEvent,
  type ApiGatewayEvent,
  type ApiGatewayResult,
} from './api-gateway';

export interface LambdaContext {
  awsRequestId?: string;
  /** Set to false so the frozen process keeps its Redis and pg connections between invocations. */
  callbackWaitsForEmptyEventLoop?: boolean;
}

export type LambdaHandler = (
  event: ApiGatewayEvent,
  context?: LambdaContext,
) => Promise<ApiGatewayResult>;

type Proxy = (event: ApiGatewayEvent, context: LambdaContext) => Promise<ApiGatewayResult>;

/**
 * Serves API Gateway events (REST 1.0 and HTTP 2.0) with the same app main.ts listens with, through
 * @fastify/aws-lambda (events to app.inject and back). The Lambda request id is the request id
 * when the client sent none, so the logs and the x-request-id answer name the invocation.
 */
export function createLambdaHandler(app: () => Promise<HttpApp>): LambdaHandler {
  const proxies = new WeakMap<HttpApp, Proxy>();
  return async (event, context = {}) => {
    const ready = await app();
    let proxy = proxies.get(ready);
    if (!proxy) {
      proxy = awsLambdaFastify<ApiGatewayEvent>(ready, {
        callbackWaitsForEmptyEventLoop: false,
        // Nothing reads the event from the request, and the headers are not worth the bytes.
        decorateRequest: false,
        serializeLambdaArguments: false,
        // `?ids=a,b` is one value here, as it is behind a load balancer.
        parseCommaSeparatedQueryParams: false,
        enforceBase64: needsBase64,
      });
      proxies.set(ready, proxy);
    }
    const normalized = normalizeEvent(event);
    const headers = { ...normalized.headers };
    const requestId = context.awsRequestId;
    const given = Object.keys(headers).some((name) => name.toLowerCase() === 'x-request-id');
    if (requestId && !given) headers['x-request-id'] = requestId;
    return proxy({ ...normalized, headers }, context);
  };
}
