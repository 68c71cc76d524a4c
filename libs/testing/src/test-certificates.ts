import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate: what a client trusts. */
  caFile: string;
  /** PEM of a CA that signed nothing here: a client trusting only it must refuse the server. */
  otherCaFile: string;
  /** Server certificate (CN and SAN localhost, SAN IP 127.0.0.1) and its unencrypted key. */
  certFile: string;
  keyFile: string;
  /** A client certificate the same CA signed (CN tributary-client), for mutual TLS. */
  clientCertFile: string;
  clientKeyFile: string;
  /** The same certificate, key and CA chain as PKCS#12 (a JVM keystore), and its password. */
  p12File: string;
  p12Password: string;
}

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args, { timeout: 30_000 });
}

async function newCa(dir: string, name: string): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  // P-256 keys: generated in milliseconds, accepted by Node, the JVM and PostgreSQL alike.
  await openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`,
  ]); // prettier-ignore
  return { cert, key };
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with openssl in `dir`. */
export async function createTestCertificates(dir: string): Promise<TestCertificates> {
  const ca = await newCa(dir, 'tributary-test-ca');
  const other = await newCa(dir, 'tributary-other-ca');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await openssl([
    'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', csr, '-subj', '/CN=localhost',
  ]); // prettier-ignore
  await openssl([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial',
    '-out', certFile, '-days', '2', '-extfile', ext,
  ]); // prettier-ignore
  const clientKeyFile = join(dir, 'client.key');
  const clientCsr = join(dir, 'client.csr');
  const clientCertFile = join(dir, 'client.pem');
  await openssl([
    'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', clientKeyFile, '-out', clientCsr, '-subj', '/CN=tributary-client',
  ]); // prettier-ignore
  await openssl([
    'x509', '-req', '-in', clientCsr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial',
    '-out', clientCertFile, '-days', '2',
  ]); // prettier-ignore
  const p12File = join(dir, 'server.p12');
  const p12Password = randomBytes(12).toString('hex');
  await openssl([
    'pkcs12', '-export', '-in', certFile, '-inkey', keyFile, '-certfile', ca.cert,
    '-name', 'server', '-out', p12File, '-passout', `pass:${p12Password}`,
  ]); // prettier-ignore
  return {
    caFile: ca.cert,
    otherCaFile: other.cert,
    certFile,
    keyFile,
    clientCertFile,
    clientKeyFile,
    p12File,
    p12Password,
  };
}
