import { randomBytes } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type onResponseHookHandler,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from '@tributary/logging';
import {
  histogram,
  seriesObserver,
  type Histogram,
  type Observe,
  type Registry,
} from '@tributary/metrics';
import { registerAccess } from './access-hooks';
import type { AccessSettings } from './access';
import { classify, DependencyUnavailableError } from '@tributary/errors';
import { HttpError, unavailable, type ErrorBody } from './errors';
import { parseJsonBody } from './json-body';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem';
import { registerOpenApi, type OpenApiSettings } from './openapi';
import { startMetricsListener } from './metrics-listener';
import { LazyChildLogger } from './request-logger';
import { accessLog, requestBindings } from './access-log';
import { recordRoutes } from './route-inventory';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export type ReadinessCheck = () => Promise<void>;

export interface HttpAppSettings {
  logger: Logger;
  metrics: Registry;
  /** Dependencies /readyz pings (postgres, redis, kafka...). */
  readiness?: Record<string, ReadinessCheck>;
  bodyLimitBytes?: number;
  readinessTimeoutMs?: number;
  trustProxy?: boolean;
  /** How each route's callers prove who they are; every route declares `config.access`. */
  access: AccessSettings;
  /**
   * Where /metrics is served. `public`: on the service's port, open to anyone who reaches it.
   * `port`: on a port of its own (scraped from inside the cluster). Neither: not served.
   */
  metricsExposure?: { public?: boolean; port?: number; host?: string };
  /** Publish /openapi.json built from the route schemas. */
  openApi?: OpenApiSettings;
  /** Share of answers below 400 that get an access log line (default 1: every request). */
  accessLogSampleRate?: number;
}

/**
 * The Fastify instance every service starts from: request ids, one JSON error shape (4xx
 * messages shown, 5xx generic), access declared and enforced per matched route, hardened JSON
 * bodies, /healthz, /readyz (real dependency pings, answered as ok / not ok only), /metrics where
 * configured, /openapi.json.
 */
export async function createHttpApp(settings: HttpAppSettings): Promise<HttpApp> {
  // Ids are a random prefix per app plus a counter: unique across replicas and restarts, without
  // drawing a random UUID for every request (a measurable share of a cached read).
  const idPrefix = `${randomBytes(6).toString('hex')}-`;
  let sequence = 0;
  const options: FastifyServerOptions = {
    loggerInstance: settings.logger,
    bodyLimit: settings.bodyLimitBytes ?? 1_048_576,
    trustProxy: settings.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      if (typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)) return given;
      sequence += 1;
      return idPrefix + sequence.toString(36);
    },
    childLoggerFactory: (logger, bindings, childOptions, raw) =>
      new LazyChildLogger(logger, requestBindings(bindings, raw), childOptions),
    // Request lines are logged by our own hooks (with the route and status), not per request.
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      disableRequestLogging: true,
    }),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  };
  const app: HttpApp = Fastify(options).withTypeProvider<TypeBoxTypeProvider>();
  // First, so that every route of the service is on the inventory the OpenAPI check walks.
  recordRoutes(app);
  // Our own JSON parser: it refuses prototype keys, NUL, unsafe integers and deep nesting
  // before any schema or handler sees the body.
  // Every body of ours is JSON: other types (Fastify's text/plain too) answer 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  registerAccess(app, settings.access, settings.logger);
  // Awaited, so the document sees every route the service adds afterwards.
  if (settings.openApi) await registerOpenApi(app, settings.openApi);
  const duration = histogram(
    settings.metrics,
    'http_request_duration_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
  );

  // Callback hooks, not async ones: these run on every request, and an async hook costs a
  // promise and a microtask turn each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Each route records its own durations (its label and series resolved once, not read from
  // request.routeOptions, an object built on every read); unmatched requests record here.
  const access = accessLog(settings.accessLogSampleRate);
  app.addHook('onRoute', (route) => {
    const record = routeDurations(duration, route.url, access);
    const observe: onResponseHookHandler = (request, reply, done) => {
      record(request, reply);
      done();
    };
    // A new array: Fastify shares the option arrays of a GET route with its HEAD twin.
    const own = route.onResponse;
    route.onResponse =
      own === undefined ? [observe] : [observe, ...(Array.isArray(own) ? own : [own])];
  });
  const unmatched = routeDurations(duration, 'unmatched', access);
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched(request, reply);
    done();
  });

  app.setErrorHandler((raised: FastifyError | HttpError, request, reply) => {
    const mapped =
      raised instanceof HttpError || raised.statusCode ? undefined : edgeErrorOf(raised);
    const error = mapped ?? raised;
    const body = toErrorBody(error, request.id);
    const status = statusOf(error);
    if (status >= 500) request.log.error({ err: raised }, 'request error');
    else if (mapped) request.log.warn({ err: raised, status }, 'request refused by a dependency');
    if (error instanceof HttpError && error.headers) void reply.headers(error.headers);
    void reply.status(status).type(PROBLEM_CONTENT_TYPE).send(problemOf(body.error, status));
  });
  app.setNotFoundHandler((request, reply) => {
    const error: ErrorBody['error'] = {
      code: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      request_id: request.id,
    };
    void reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problemOf(error, 404));
  });

  const probe = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/healthz', probe, async () => ({ status: 'ok' }));
  // Open to anyone who reaches the port, so it names no dependency and no error: the failing
  // checks go to the log, where an operator reads them.
  app.get('/readyz', probe, async (request, reply) => {
    const checks = await runReadiness(
      settings.readiness ?? {},
      settings.readinessTimeoutMs ?? 2_000,
    );
    const failing = Object.entries(checks).filter(([, outcome]) => outcome !== 'ok');
    if (failing.length > 0) {
      request.log.warn({ checks: Object.fromEntries(failing) }, 'not ready');
    }
    const ready = failing.length === 0;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready' });
  });
  const exposure = settings.metricsExposure ?? {};
  if (exposure.public) {
    app.get('/metrics', probe, async (_request, reply) => {
      return reply
        .header('content-type', settings.metrics.contentType)
        .send(await settings.metrics.metrics());
    });
  }
  if (exposure.port !== undefined) {
    const port = exposure.port;
    let close: (() => Promise<void>) | undefined;
    app.addHook('onListen', async () => {
      close = await startMetricsListener(settings.metrics, port, exposure.host ?? '0.0.0.0');
    });
    app.addHook('onClose', async () => {
      await close?.();
    });
  }
  return app;
}

/** Observes a route's request durations by method and status; 5xx answers are also logged. */
function routeDurations(
  duration: Histogram,
  route: string,
  access: ReturnType<typeof accessLog>,
): (request: FastifyRequest, reply: FastifyReply) => void {
  const series = new Map<string, Map<number, Observe>>();
  return (request, reply) => {
    const { method } = request;
    const status = reply.statusCode;
    let byStatus = series.get(method);
    if (!byStatus) {
      byStatus = new Map<number, Observe>();
      series.set(method, byStatus);
    }
    let observe = byStatus.get(status);
    if (!observe) {
      observe = seriesObserver(duration, { method, route, status: String(status) });
      byStatus.set(status, observe);
    }
    observe(reply.elapsedTime / 1000);
    access(request, reply, route);
    if (status >= 500) request.log.warn({ route, status }, 'request failed');
  };
}

/**
 * What an error that no route turned into an HttpError means at the edge, by the shared error
 * vocabulary: a dependency that is down is a 503 the client may retry; a value PostgreSQL will
 * never take (SQLSTATE class 22) is the request's fault, a constraint it breaks (23) a conflict.
 */
function edgeErrorOf(error: unknown): HttpError | undefined {
  const classified = classify(error);
  if (classified.kind === 'dependency') {
    const retryAfter = error instanceof DependencyUnavailableError ? error.retryAfterSeconds : 5;
    return unavailable('a dependency is unavailable; retry later', retryAfter);
  }
  if (classified.origin.startsWith('postgres 22')) {
    return new HttpError('BAD_REQUEST', 'a value in the request is out of range or malformed');
  }
  if (classified.origin.startsWith('postgres 23')) {
    return new HttpError('CONFLICT', 'the request conflicts with stored data');
  }
  return undefined;
}

function statusOf(error: FastifyError | HttpError): number {
  if (error instanceof HttpError) return error.status;
  if ('validation' in error && error.validation) return 400;
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

function toErrorBody(error: FastifyError | HttpError, requestId: string): ErrorBody {
  if (error instanceof HttpError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        details: error.details,
        request_id: requestId,
      },
    };
  }
  if ('validation' in error && error.validation) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath || ''}`,
      message: v.message ?? 'invalid',
      ...(v.params && 'missingProperty' in v.params ? { field: v.params.missingProperty } : {}),
      ...(v.params && 'additionalProperty' in v.params
        ? { field: v.params.additionalProperty }
        : {}),
    }));
    return {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'request validation failed',
        details,
        request_id: requestId,
      },
    };
  }
  const status = statusOf(error);
  if (status === 413)
    return {
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'request body too large',
        request_id: requestId,
      },
    };
  if (status === 415)
    return {
      error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: error.message, request_id: requestId },
    };
  if (status === 429)
    return { error: { code: 'RATE_LIMITED', message: error.message, request_id: requestId } };
  if (status < 500)
    return { error: { code: 'BAD_REQUEST', message: error.message, request_id: requestId } };
  return { error: { code: 'INTERNAL', message: 'internal error', request_id: requestId } };
}

/** Every check's outcome by name: 'ok', or why it failed (for the log, never the answer). */
async function runReadiness(checks: Record<string, ReadinessCheck>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
          }),
        ]);
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : 'failed'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries) as Record<string, string>;
}
