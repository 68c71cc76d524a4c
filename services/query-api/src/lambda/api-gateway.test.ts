import { gzipSync } from 'node:zlib';
import { createHttpApp, type HttpApp } from '@tributary/http';
import { createLogger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import httpApiEvent from './fixtures/http-api-v2-event.json';
import restApiEvent from './fixtures/rest-api-v1-event.json';
import type { HttpApiEvent, RestApiEvent } from './api-gateway';
import { createLambdaHandler } from './lambda-handler';

const v2 = httpApiEvent as HttpApiEvent;
const v1 = restApiEvent as unknown as RestApiEvent;

/** An app that answers what it received, and a compressed and a binary body. */
async function echoApp(): Promise<HttpApp> {
  const app = await createHttpApp({
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createMetricsRegistry('test', false),
    access: {},
  });
  const echo = { config: { access: 'public' as const } };
  app.route({
    method: ['GET', 'POST'],
    url: '/v1/*',
    ...echo,
    handler: async (request, reply) => {
      void reply.header('set-cookie', ['a=1', 'b=2']);
      return {
        method: request.method,
        url: request.url,
        ip: request.ip,
        id: request.id,
        cookie: request.headers.cookie ?? null,
        body: request.body ?? null,
      };
    },
  });
  app.get('/zipped', echo, async (_request, reply) =>
    reply.header('content-encoding', 'gzip').type('application/json').send(gzipSync('{}')),
  );
  app.get('/image', echo, async (_request, reply) =>
    reply.type('image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  );
  await app.ready();
  return app;
}

describe('Lambda handler on @fastify/aws-lambda (recorded API Gateway events)', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await echoApp();
  });
  afterAll(() => app.close());
  const handler = () => createLambdaHandler(() => Promise.resolve(app));

  it('HTTP API (2.0): stage stripped, the raw query kept, cookies joined, set-cookie as cookies', async () => {
    const context = { awsRequestId: 'aws-1', callbackWaitsForEmptyEventLoop: true };
    const result = await handler()({ ...v2, rawQueryString: 'limit=2&ids=a,b' }, context);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.cookies).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(result.body)).toMatchObject({
      method: 'GET',
      url: '/v1/users/alice/recently-viewed?limit=2&ids=a,b',
      ip: '203.0.113.7',
      id: 'aws-1',
      cookie: 'session=abc',
    });
    expect(context.callbackWaitsForEmptyEventLoop).toBe(false);
  });

  it('REST API (1.0): base64 body decoded, multi-value query, the client request id kept', async () => {
    const event = { ...v1, headers: { ...v1.headers, 'X-Request-Id': 'client-7' } };
    const result = await handler()(event, { awsRequestId: 'aws-2' });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({
      method: 'POST',
      url: '/v1/attribution/evaluate?debug=1',
      ip: '203.0.113.8',
      id: 'client-7',
      body: { model: 'linear', rows: [{ path: 'email', conversions: 1 }] },
    });
  });

  it('compressed and binary bodies go as base64, errors keep the problem document', async () => {
    const at = (rawPath: string): HttpApiEvent => ({ ...v2, rawPath, rawQueryString: '' });
    const zipped = await handler()(at('/prod/zipped'));
    expect(zipped.isBase64Encoded).toBe(true);
    expect(Buffer.from(zipped.body, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const image = await handler()(at('/prod/image'));
    expect(image.isBase64Encoded).toBe(true);
    expect(Buffer.from(image.body, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const missing = await handler()(at('/prod/nowhere'));
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.isBase64Encoded).toBe(false);
  });
});
