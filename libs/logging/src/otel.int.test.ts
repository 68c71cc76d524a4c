import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURE = join(__dirname, 'otel-export.fixture.ts');

interface Export {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in OTLP collector on loopback that keeps every request it is sent. */
async function collector(): Promise<{ server: Server; url: string; received: Export[] }> {
  const received: Export[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

/** A service process in miniature: startTracing, one work span, stop (which flushes). */
async function exportOneSpan(
  otelEnv: Record<string, string>,
  parent: string,
): Promise<{ traceId: string; spanId: string; recording: boolean }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', FIXTURE, 'attribution-engine', parent],
    { env: { ...env, ...otelEnv }, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim()) as { traceId: string; spanId: string; recording: boolean };
}

interface OtlpJson {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: {
      spans: { traceId: string; spanId: string; parentSpanId?: string; name: string }[];
    }[];
  }[];
}

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('startTracing with an OTLP endpoint', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('exports the work spans of the trace helpers to the collector, with the service name', async () => {
    const c = await collector();
    server = c.server;
    const span = await exportOneSpan({ OTEL_EXPORTER_OTLP_ENDPOINT: `${c.url}/` }, PARENT);
    expect(span).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', recording: true });

    expect(c.received).toHaveLength(1);
    const [sent] = c.received as [Export];
    expect(sent.path).toBe('/v1/traces');
    expect(sent.headers['content-type']).toBe('application/json');
    const [resourceSpans] = (JSON.parse(sent.body) as OtlpJson).resourceSpans;
    expect(resourceSpans?.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'attribution-engine' },
    });
    expect(resourceSpans?.scopeSpans.flatMap((s) => s.spans)).toEqual([
      expect.objectContaining({
        name: 'consume touchpoints',
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: span.spanId,
        parentSpanId: 'b7ad6b7169203331',
      }),
    ]);
  });

  it('sends to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, before the base endpoint', async () => {
    const c = await collector();
    server = c.server;
    const span = await exportOneSpan(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/unused',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${c.url}/custom/traces`,
      },
      PARENT,
    );
    expect(c.received.map((r) => r.path)).toEqual(['/custom/traces']);
    expect(c.received[0]?.body).toContain(span.spanId);
  });

  it('exports nothing without an endpoint: the trace still travels, unrecorded', async () => {
    const c = await collector();
    server = c.server;
    const span = await exportOneSpan({}, PARENT);
    expect(span).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', recording: false });
    expect(c.received).toEqual([]);
  });
});
