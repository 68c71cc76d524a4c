import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import {
  authorize,
  type Access,
  type AccessSettings,
  type Authenticate,
  type Principal,
  type RoleAccess,
} from './access';
import { HttpError } from './errors';
import { createFailureLimiter } from './failure-limiter';
import { controlCharacterIn } from './json-body';

/** Marks an encapsulated scope whose routes (a plugin's static files, docs pages) are public. */
export const PUBLIC_SCOPE = Symbol.for('tributary.public-scope');

type HookList<H> = H | H[] | undefined;
const prepend = <H>(hook: H, own: HookList<H>): H[] =>
  // A new array: Fastify shares the option arrays of a GET route with its HEAD twin.
  own === undefined ? [hook] : [hook, ...(Array.isArray(own) ? own : [own])];

/**
 * Enforces each route's declared access on the route itself, once Fastify has matched it: the
 * decision never reads the URL's text, so no spelling of a path (percent-encoding, dot segments,
 * absolute-form targets) can reach a route without its check. A route without a declaration
 * stops the service at start.
 */
export function registerAccess(
  app: FastifyInstance,
  settings: AccessSettings,
  logger: FastifyBaseLogger,
): void {
  const failures = createFailureLimiter(settings.maxFailuresPerMinute ?? 30);
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    const declared = route.config?.access;
    const scopeIsPublic = (this as unknown as Record<symbol, unknown>)[PUBLIC_SCOPE] === true;
    const access: Access | undefined = declared ?? (scopeIsPublic ? 'public' : undefined);
    const name = `${String(route.method)} ${route.url}`;
    if (access === undefined) {
      throw new Error(`${name}: the route declares no access (config.access)`);
    }
    if (access === 'public') return;
    const authenticate = access === 'producer' ? settings.producer : settings.caller;
    if (!authenticate) {
      throw new Error(
        `${name}: needs ${access === 'producer' ? 'producer' : 'caller'} credentials, and the service configures none`,
      );
    }
    route.onRequest = prepend(
      authenticationHook(access, authenticate, failures, logger),
      route.onRequest as HookList<onRequestHookHandler>,
    );
    if (access !== 'producer' && access.customerOwn && 'body' in access.customerOwn) {
      route.preHandler = prepend(
        bodyOwnershipHook(access),
        route.preHandler as HookList<preHandlerHookHandler>,
      );
    }
  });
}

function authenticationHook(
  access: RoleAccess | 'producer',
  authenticate: Authenticate,
  failures: ReturnType<typeof createFailureLimiter>,
  logger: FastifyBaseLogger,
): onRequestHookHandler {
  const decide = (request: FastifyRequest, principal: Principal): Error | undefined => {
    request.principal = principal;
    const decision = authorize(principal, access, request.params as Record<string, string>);
    if (decision && !decision.ok) return new HttpError('FORBIDDEN', decision.message);
    const bad = controlCharacterIn(request.params, request.query);
    return bad ? new HttpError('BAD_REQUEST', bad) : undefined;
  };
  const failed = (request: FastifyRequest, error: unknown): Error => {
    if (error instanceof HttpError && error.status === 401) {
      failures.recordFailure(request.ip, Date.now());
      logger.info(
        { request_id: request.id, ip: request.ip, reason: error.message },
        'authentication failed',
      );
    }
    return error as Error;
  };
  // A callback hook, not an async one: an API key is checked without waiting on anything.
  return (request, _reply, done) => {
    const wait = failures.blockedFor(request.ip, Date.now());
    if (wait > 0) {
      done(
        new HttpError('RATE_LIMITED', 'too many failed authentications; retry later', undefined, {
          'retry-after': String(wait),
        }),
      );
      return;
    }
    let outcome: Principal | Promise<Principal>;
    try {
      outcome = authenticate(request);
    } catch (error) {
      done(failed(request, error));
      return;
    }
    if (outcome instanceof Promise) {
      outcome.then(
        (principal) => done(decide(request, principal)),
        (error: unknown) => done(failed(request, error)),
      );
      return;
    }
    done(decide(request, outcome));
  };
}

/** A customer's own client id named in the body can only be checked once the body is read. */
function bodyOwnershipHook(access: RoleAccess): preHandlerHookHandler {
  return (request, _reply, done) => {
    const principal = request.principal;
    if (!principal) {
      done(new HttpError('UNAUTHORIZED', 'not authenticated'));
      return;
    }
    const decision = authorize(principal, access, request.params as Record<string, string>, {
      value: request.body,
    });
    done(decision && !decision.ok ? new HttpError('FORBIDDEN', decision.message) : undefined);
  };
}
