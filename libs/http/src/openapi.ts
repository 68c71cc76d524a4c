import swagger from '@fastify/swagger';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { ProblemSchema } from './problem';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Documented request body of a route that does not validate it itself (a proxy). */
    docBody?: TSchema;
  }
}

export interface OpenApiSettings {
  title: string;
  description: string;
  /** How callers authenticate, as OpenAPI security schemes; every operation requires one. */
  securitySchemes: Record<string, OpenAPIV3.SecuritySchemeObject>;
}

/**
 * OpenAPI 3 from the route schemas at /openapi.json. Each operation also carries the route's
 * declared access as `x-access`, so clients, and the adversarial suite, know who may call it.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  settings: OpenApiSettings,
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: settings.title, version: '1.0.0', description: settings.description },
      components: { securitySchemes: settings.securitySchemes },
      security: Object.keys(settings.securitySchemes).map((name) => ({ [name]: [] })),
    },
    transform: ({ schema, url, route }) => {
      const docBody = route.config?.docBody;
      const access = route.config?.access ?? 'public';
      // Every error of every route is a problem document (create-http-app's error handlers).
      const response = {
        ...(schema?.response as object | undefined),
        default: {
          description: 'an error, as a problem document',
          content: { 'application/problem+json': { schema: ProblemSchema } },
        },
      };
      const documented = {
        ...schema,
        ...(docBody ? { body: docBody } : {}),
        response,
        'x-access': access,
      };
      return { schema: documented, url };
    },
  });
  let document: string | undefined;
  app.get(
    '/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    (_request, reply) => {
      document ??= JSON.stringify(app.swagger());
      return reply.type('application/json; charset=utf-8').send(document);
    },
  );
}
