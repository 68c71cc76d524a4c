import type { HttpApp } from '@tributary/http';
import {
  toInjectOptions,
  toResult,
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

/** Serves API Gateway events with the same app main.ts listens with, through app.inject. */
export function createLambdaHandler(app: () => Promise<HttpApp>): LambdaHandler {
  return async (event, context) => {
    if (context) context.callbackWaitsForEmptyEventLoop = false;
    const ready = await app();
    const options = toInjectOptions(event);
    const requestId = context?.awsRequestId;
    if (requestId && options.headers && !('x-request-id' in options.headers)) {
      options.headers = { ...options.headers, 'x-request-id': requestId };
    }
    return toResult(event, await ready.inject(options));
  };
}
