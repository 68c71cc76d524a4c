// The route schemas' `tags`, `summary` and `hide` are @fastify/swagger's type extensions.
import type {} from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { PUBLIC_SCOPE, type HttpApp } from '@tributary/http';

/**
 * The interactive API page at /docs, over the OpenAPI document the shared HTTP app publishes at
 * /openapi.json. Its pages and assets are public, declared by the scope they are registered in.
 */
export async function registerDocs(app: HttpApp): Promise<void> {
  await app.register(async (scope) => {
    scope.decorate(PUBLIC_SCOPE, true);
    await scope.register(swaggerUi, { routePrefix: '/docs' });
  });
}
