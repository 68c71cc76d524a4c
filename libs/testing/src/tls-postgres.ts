import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestCertificates, type TestCertificates } from './test-certificates';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TlsPostgres {
  port: number;
  certificates: TestCertificates;
  /** Password of the superuser `postgres` (scram-sha-256 over TLS). */
  password: string;
  /** A URL to `database` as `user`; `params` become the query (sslmode, sslrootcert...). */
  url(params: Record<string, string>, user?: string, password?: string, database?: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway PostgreSQL 15 of its own (the shared one on 5432 is never touched) that takes TCP
 * connections only over TLS, with a certificate from a throwaway CA and scram-sha-256 passwords,
 * as a managed PostgreSQL does. PostgreSQL refuses to run as root: as root, the server files go to
 * the `postgres` OS user and its programs run through runuser.
 */
export async function startTlsPostgres(): Promise<TlsPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'tls-postgres-'));
  const [certificates, port] = await Promise.all([createTestCertificates(dir), freePort()]);
  const password = randomBytes(18).toString('base64url');
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    owner = { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
  }
  const pg = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(BIN, program), ...args], { timeout: 60_000 })
      : run(join(BIN, program), args, { timeout: 60_000 });

  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`);
  // The server's key must belong to the server's user and be private (0600), or it will not start.
  for (const [from, to] of [
    [certificates.certFile, 'server.crt'],
    [certificates.keyFile, 'server.key'],
  ] as const) {
    copyFileSync(from, join(dir, to));
    chmodSync(join(dir, to), 0o600);
  }
  if (owner) {
    for (const name of ['', 'pwfile', 'server.crt', 'server.key']) {
      chownSync(join(dir, name), owner.uid, owner.gid);
    }
  }
  await pg('initdb', [
    '-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=trust',
    '--auth-host=scram-sha-256', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C',
  ]); // prettier-ignore
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      'hostssl all all 127.0.0.1/32 scram-sha-256',
      'hostnossl all all 127.0.0.1/32 reject',
    ].join('\n') + '\n',
  );
  const options = [
    `-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`,
    '-c ssl=on', `-c ssl_cert_file=${join(dir, 'server.crt')}`,
    `-c ssl_key_file=${join(dir, 'server.key')}`, '-c fsync=off', '-c shared_buffers=16MB',
    '-c max_connections=40',
  ].join(' '); // prettier-ignore
  await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);

  return {
    port,
    certificates,
    password,
    url(params, user = 'postgres', pass = password, database = 'postgres') {
      const url = new URL(`postgres://127.0.0.1:${port}/${database}`);
      url.username = user;
      url.password = pass;
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return url.toString();
    },
    async stop() {
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
