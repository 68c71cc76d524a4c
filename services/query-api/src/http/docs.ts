import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpApp } from '@tributary/http';

/**
 * OpenAPI 3 from the route schemas: /openapi.json and the interactive page at /docs. Proxied
 * routes document their body (config.docBody) without validating it here: the owning service
 * validates, so the gateway can never disagree with it.
 */
export async function registerDocs(app: HttpApp): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tributary query-api',
        version: '1.0.0',
        description:
          'The one door for dashboards: attribution, real time, recommendations, category reports, campaigns.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      const docBody = route.config?.docBody;
      return { schema: docBody ? { ...schema, body: docBody } : schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  let document: string | undefined;
  app.get('/openapi.json', (_request, reply) => {
    document ??= JSON.stringify(app.swagger());
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
