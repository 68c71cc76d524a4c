import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { ConfigError } from '@tributary/config';
import { createRegistryCodec, registryAccessFrom } from '@tributary/kafka';
import { createTestCertificates, type TestCertificates } from '@tributary/testing';

// Confluent Cloud's registry takes an API key and secret as basic auth over https. Apicurio's
// basic auth needs an identity server, so a stand-in speaks the three calls registration makes,
// over TLS with a throwaway CA, and refuses anything without the right credentials.
describe('schema registry basic auth and private CA', () => {
  let dir: string;
  let certificates: TestCertificates;
  let server: Server;
  let url: string;
  const user = 'registry-key';
  const secret = 'registry-secret-6Hq2Zp9Lw4Xc';
  const seen: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'registry-'));
    certificates = await createTestCertificates(dir);
    writeFileSync(join(dir, 'secret'), `${secret}\n`);
    server = createServer(
      { cert: readFileSync(certificates.certFile), key: readFileSync(certificates.keyFile) },
      (req, res) => {
        const expected = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
        seen.push(`${req.method} ${req.url} ${req.headers.authorization === expected}`);
        const reply = (status: number, body: object) =>
          res
            .writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
            .end(JSON.stringify(body));
        if (req.headers.authorization !== expected) return reply(401, { error_code: 401 });
        if (req.method === 'GET') return reply(404, { error_code: 40401 });
        if (req.method === 'POST') return reply(200, { id: 7 });
        return reply(200, { compatibility: 'BACKWARD' });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers with the password from a file and trusts the CA file', async () => {
    const access = registryAccessFrom({
      SCHEMA_REGISTRY_USERNAME: user,
      SCHEMA_REGISTRY_PASSWORD_FILE: join(dir, 'secret'),
      SCHEMA_REGISTRY_CA_FILE: certificates.caFile,
    });
    const codec = await createRegistryCodec(url, 'events-value', Type.Object({}), access);
    const encoded = await codec.encode({});
    expect(encoded.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 7]));
    expect(seen.every((line) => line.endsWith('true'))).toBe(true);
  });

  it('is refused without credentials, and without the CA the certificate is not trusted', async () => {
    const ca = registryAccessFrom({ SCHEMA_REGISTRY_CA_FILE: certificates.caFile });
    await expect(createRegistryCodec(url, 'events-value', Type.Object({}), ca)).rejects.toThrow(
      /401/,
    );
    const auth = registryAccessFrom({
      SCHEMA_REGISTRY_USERNAME: user,
      SCHEMA_REGISTRY_PASSWORD: secret,
    });
    await expect(createRegistryCodec(url, 'events-value', Type.Object({}), auth)).rejects.toThrow(
      /self[- ]signed|unable to verify/,
    );
  });

  it('names the missing half of the credentials', () => {
    expect(() => registryAccessFrom({ SCHEMA_REGISTRY_USERNAME: user })).toThrow(ConfigError);
    expect(() => registryAccessFrom({ SCHEMA_REGISTRY_USERNAME: user })).toThrow(
      /SCHEMA_REGISTRY_PASSWORD: basic auth needs a user and a password/,
    );
    expect(() => registryAccessFrom({ SCHEMA_REGISTRY_CA_FILE: '/missing.pem' })).toThrow(
      /SCHEMA_REGISTRY_CA_FILE: cannot read \/missing.pem/,
    );
  });
});
