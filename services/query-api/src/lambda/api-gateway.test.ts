import type { LightMyRequestResponse } from 'fastify';
import httpApiEvent from './fixtures/http-api-v2-event.json';
import restApiEvent from './fixtures/rest-api-v1-event.json';
import { toInjectOptions, toResult, type HttpApiEvent, type RestApiEvent } from './api-gateway';

const v2 = httpApiEvent as HttpApiEvent;
const v1 = restApiEvent as unknown as RestApiEvent;

function response(
  headers: Record<string, string | string[]>,
  body: string | Buffer,
  statusCode = 200,
): LightMyRequestResponse {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return {
    statusCode,
    headers,
    body: raw.toString(),
    rawPayload: raw,
  } as unknown as LightMyRequestResponse;
}

describe('API Gateway events to inject options', () => {
  it('reads an HTTP API (2.0) event: stage stripped, query kept, cookies joined', () => {
    const options = toInjectOptions(v2);
    expect(options).toMatchObject({
      method: 'GET',
      url: '/v1/users/alice/recently-viewed?limit=2',
      remoteAddress: '203.0.113.7',
      headers: expect.objectContaining({ cookie: 'session=abc', 'x-api-key': 'REPLACED_BY_TEST' }),
    });
    expect(
      toInjectOptions({
        ...v2,
        rawPath: '/v1/x',
        requestContext: { ...v2.requestContext, stage: '$default' },
      }).url,
    ).toBe('/v1/x?limit=2');
  });

  it('reads a REST API (1.0) event: lower-case headers, multi-value query, base64 body decoded', () => {
    const options = toInjectOptions(v1);
    expect(options).toMatchObject({
      method: 'POST',
      url: '/v1/attribution/evaluate?debug=1',
      remoteAddress: '203.0.113.8',
    });
    expect(options.headers).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': 'REPLACED_BY_TEST',
    });
    expect(JSON.parse((options.payload as Buffer).toString())).toEqual({
      model: 'linear',
      rows: [{ path: 'email', conversions: 1 }],
    });
  });
});

describe('inject responses to API Gateway results', () => {
  it('keeps JSON as text and moves set-cookie to cookies for 2.0', () => {
    const result = toResult(
      v2,
      response({ 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }, '{"ok":true}'),
    );
    expect(result).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: ['a=1', 'b=2'],
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes compressed or binary bodies, with multi-value headers for 1.0', () => {
    const gzipped = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);
    const result = toResult(
      v1,
      response({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipped),
    );
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64')).toEqual(gzipped);
    expect(result.multiValueHeaders).toMatchObject({ 'content-encoding': ['gzip'] });
  });
});
