import {
  hostileBodies,
  impossibleDatePaths,
  impossibleDateQueries,
  operationsOf,
  pathOf,
  spellings,
  type Operation,
} from './attacks';
import { credential, forgedCredentials, type RoleName } from './credentials';
import { rawRequest, type RawResponse } from './raw-http';
import { startPlatform, type Platform, type RunningService } from './platform';

/**
 * Reads every service's OpenAPI document and attacks every route as an attacker would: no
 * credential, forged ones, the wrong role, another customer's data, other spellings of the path,
 * hostile bodies, NUL bytes and impossible dates. Never a 2xx without the right credential, never
 * a 5xx, always the one error shape, and nothing written anywhere.
 */
describe('adversarial suite: every route of every service (real Kafka, Redis, PostgreSQL)', () => {
  let platform: Platform;
  let before: Record<string, number>;
  const tried = new Map<string, { routes: number; requests: number; classes: Set<string> }>();

  beforeAll(async () => {
    platform = await startPlatform();
    before = await platform.footprint();
  }, 120_000);
  afterAll(async () => {
    let routes = 0;
    let requests = 0;
    const classes = new Set<string>();
    const lines = [...tried].map(([service, t]) => {
      routes += t.routes;
      requests += t.requests;
      for (const c of t.classes) classes.add(c);
      return `  ${service}: ${t.routes} routes, ${t.classes.size} attack classes, ${t.requests} requests`;
    });
    // The figure docs/security.md quotes.
    console.log(
      `adversarial suite: ${routes} routes x ${classes.size} attack classes, ${requests} requests\n${lines.join('\n')}`,
    );
    await platform?.stop();
  });

  async function attack(service: RunningService): Promise<string[]> {
    const violations: string[] = [];
    const stats = { routes: 0, requests: 0, classes: new Set<string>() };
    tried.set(service.name, stats);
    const docs = await rawRequest(service.port, 'GET', '/openapi.json', {});
    expect(docs.status).toBe(200);
    const operations = operationsOf(JSON.parse(docs.body) as Parameters<typeof operationsOf>[0]);
    expect(operations.length).toBeGreaterThan(0);
    const forged = await forgedCredentials(service.kind);

    const send = async (
      attackClass: string,
      op: Operation,
      target: string,
      headers: Record<string, string>,
      expectStatuses: number[],
      body?: { body: string; contentType: string },
    ): Promise<RawResponse> => {
      stats.requests += 1;
      stats.classes.add(attackClass);
      const response = await rawRequest(
        service.port,
        op.method,
        target,
        body ? { ...headers, 'content-type': body.contentType } : headers,
        body?.body,
      );
      const label = `${service.name} ${op.method} ${op.template} [${attackClass}] ${target.slice(0, 120)}`;
      if (!expectStatuses.includes(response.status)) {
        violations.push(
          `${label}: answered ${response.status}, expected ${expectStatuses.join('/')}`,
        );
      }
      if (response.status >= 400 && !hasErrorShape(response)) {
        violations.push(
          `${label}: ${response.status} without the error shape: ${response.body.slice(0, 200)}`,
        );
      }
      return response;
    };

    for (const op of operations) {
      stats.routes += 1;
      const path = pathOf(op);
      const access = op.access;
      // The threat model: only the probes, the OpenAPI document, the docs pages and the
      // dashboard's files are public, and none of them is an API operation. A route's own
      // declaration is not trusted to say otherwise.
      if (access === 'public') {
        violations.push(
          `${service.name} ${op.method} ${op.template}: an API route declared public`,
        );
      }
      await send('no credentials', op, path, {}, [401]);
      for (const [name, headers] of Object.entries(forged)) {
        await send(`forged: ${name}`, op, path, headers, [401]);
      }
      for (const [name, target] of Object.entries(spellings(path, service.port))) {
        // Unmatched spellings are 404; matched ones must still ask for credentials.
        await send(`spelling: ${name}`, op, target, {}, [401, 404]);
      }
      if (access === 'producer') {
        await send(
          'wrong role: a reader',
          op,
          path,
          credential(service.kind, 'viewer'),
          [401, 403],
        );
      } else if (access !== 'public') {
        const lower = lowerRole(access.role);
        if (lower && !(lower === 'customer' && access.customerOwn)) {
          await send(`wrong role: ${lower}`, op, path, credential(service.kind, lower), [401, 403]);
        }
        if (service.kind !== 'producer') {
          await send(
            'wrong role: producer key',
            op,
            path,
            credential(service.kind, 'producer'),
            [401, 403],
          );
        }
        if (access.customerOwn?.param) {
          const other = pathOf(op, { clientId: '43' });
          await send(
            "another customer's data",
            op,
            other,
            credential(service.kind, 'customer'),
            [403],
          );
        }
        if (access.customerOwn?.body && op.hasBody) {
          await send(
            "another customer's data (body)",
            op,
            path,
            credential(service.kind, 'customer'),
            [400, 403],
            { body: '{"client-id":"43","status":"joined"}', contentType: 'application/json' },
          );
        }
      }

      // With the right credential: what reaches the route must still be refused cleanly.
      const right =
        access === 'public'
          ? {}
          : access === 'producer'
            ? credential(service.kind, 'producer')
            : credential(service.kind, 'admin');
      if (op.hasBody) {
        for (const [name, hostile] of Object.entries(hostileBodies(op))) {
          await send(`body: ${name}`, op, path, right, hostile.expect, hostile);
        }
      }
      if (op.params.length > 0) {
        const withNul = pathOf(op, { override: { [op.params[0]!.name]: '4%002' } });
        await send('NUL in a path parameter', op, withNul, right, [400, 404]);
        const huge = pathOf(op, { override: { [op.params[0]!.name]: '9'.repeat(40) } });
        // A 40-digit string is a legal client id: the point here is no 5xx (integer overflow).
        await send('huge number in a path parameter', op, huge, right, [200, 400, 404, 409]);
      }
      for (const [name, value] of Object.entries(impossibleDatePaths(op))) {
        const impossible = pathOf(op, { override: { [name]: value } });
        await send('impossible date in the path', op, impossible, right, [400]);
      }
      for (const query of impossibleDateQueries(op)) {
        if (op.method !== 'GET') continue;
        await send('impossible date in the query', op, `${path}?${query}`, right, [400]);
      }
    }
    return violations;
  }

  it.each([
    'ingest-gateway',
    'query-api',
    'campaign-goals',
    'campaign-core',
    'attribution-engine',
    'journey-stitcher',
  ])(
    '%s: no way in without the right credential, no 5xx, one error shape',
    async (name) => {
      const service = platform.services.find((s) => s.name === name)!;
      expect(await attack(service)).toEqual([]);
    },
    300_000,
  );

  it('probes stay open and say nothing about dependencies; /metrics is not on the service port', async () => {
    for (const service of platform.services) {
      const ready = await rawRequest(service.port, 'GET', '/readyz', {});
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ status: 'ready' });
      expect((await rawRequest(service.port, 'GET', '/healthz', {})).status).toBe(200);
    }
    const ingest = platform.services.find((s) => s.name === 'ingest-gateway')!;
    expect((await rawRequest(ingest.port, 'GET', '/metrics', {})).status).toBe(404);
  });

  it('wrote nothing anywhere and polluted no prototype', async () => {
    expect(await platform.footprint()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function lowerRole(role: RoleName): RoleName | undefined {
  const order: RoleName[] = ['customer', 'viewer', 'operator', 'admin'];
  const index = order.indexOf(role);
  return index > 0 ? order[index - 1] : undefined;
}

/** An RFC 9457 problem document that keeps the `error` member (docs/security.md). */
function hasErrorShape(response: RawResponse): boolean {
  if (!(response.headers['content-type'] ?? '').startsWith('application/problem+json'))
    return false;
  try {
    const parsed = JSON.parse(response.body) as {
      type?: unknown;
      status?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    return (
      typeof parsed.type === 'string' &&
      parsed.status === response.status &&
      typeof parsed.error?.code === 'string' &&
      typeof parsed.error.message === 'string'
    );
  } catch {
    return false;
  }
}
