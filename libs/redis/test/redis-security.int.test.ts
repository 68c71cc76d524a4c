import { loadConfig, RedisEnv } from '@tributary/config';
import { createRedis, redisReady, redisSettingsFrom, type Redis } from '@tributary/redis';
import {
  createTestCertificates,
  startRedisServer,
  type RedisServerProcess,
  type TestCertificates,
} from '@tributary/testing';

// Throwaway servers of the test's own (never the shared one on 6379): a password plus an ACL
// user, and TLS with a private CA. The clients are made from the variables, as services do.
const PASSWORD = 'Kx8vQ2mN7pL4wR9tZ3bH6jF1';
const APP_PASSWORD = 'Wq5nB8xK2mP7vL3rT9hJ4gD6';

function clientFrom(env: Record<string, string>): Redis {
  return createRedis(redisSettingsFrom(loadConfig(RedisEnv, env)));
}

/** The first connection error, or undefined when the client became ready. */
async function outcome(redis: Redis): Promise<string | undefined> {
  try {
    // Whichever comes first; no timer, the server answers or refuses at once.
    await new Promise<void>((resolve, reject) => {
      redis.once('error', reject);
      redis.once('ready', resolve);
    });
    await redis.set('probe', '1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    redis.disconnect();
  }
}

describe('Redis with a password, an ACL user and TLS (real redis-server)', () => {
  let plain: RedisServerProcess;
  let tls: RedisServerProcess;
  let certs: TestCertificates;

  beforeAll(async () => {
    plain = await startRedisServer([
      '--requirepass', PASSWORD,
      '--user', 'app', 'on', `>${APP_PASSWORD}`, '~app:*', '+@all',
    ]); // prettier-ignore
    tls = await startRedisServer([], async (dir, port) => {
      certs = await createTestCertificates(dir);
      return [
        '--port', '0', '--tls-port', String(port), '--tls-cert-file', certs.certFile,
        '--tls-key-file', certs.keyFile, '--tls-ca-cert-file', certs.caFile,
        '--tls-auth-clients', 'no', '--requirepass', PASSWORD,
      ]; // prettier-ignore
    });
  });
  afterAll(() => Promise.all([plain?.stop(), tls?.stop()]));

  it('authenticates with REDIS_PASSWORD or an ACL user, and refuses without', async () => {
    const url = `redis://127.0.0.1:${plain.port}`;
    expect(await outcome(clientFrom({ REDIS_URL: url, REDIS_PASSWORD: PASSWORD }))).toBeUndefined();
    expect(
      await outcome(
        clientFrom({ REDIS_URL: `redis://app:${APP_PASSWORD}@127.0.0.1:${plain.port}` }),
      ),
    ).toMatch(/NOPERM/); // the user may touch app:* only
    const app = createRedis({
      ...redisSettingsFrom(
        loadConfig(RedisEnv, {
          REDIS_URL: url,
          REDIS_USERNAME: 'app',
          REDIS_PASSWORD: APP_PASSWORD,
        }),
      ),
      keyPrefix: 'app:',
    });
    expect(await outcome(app)).toBeUndefined();
    expect(await outcome(clientFrom({ REDIS_URL: url }))).toMatch(/NOAUTH/);
    expect(await outcome(clientFrom({ REDIS_URL: url, REDIS_PASSWORD: `${PASSWORD}x` }))).toMatch(
      /WRONGPASS/,
    );
  });

  it('speaks TLS to rediss:// trusting REDIS_TLS_CA_FILE, and refuses a server its CA did not sign', async () => {
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tls.port}`;
    expect(
      await outcome(clientFrom({ REDIS_URL: url, REDIS_TLS_CA_FILE: certs.caFile })),
    ).toBeUndefined();
    expect(
      await outcome(clientFrom({ REDIS_URL: url, REDIS_TLS_CA_FILE: certs.otherCaFile })),
    ).toMatch(/certificate/i);
  });

  it('fails start at once, naming the variables, on a wrong password or an untrusted certificate', async () => {
    const started = Date.now();
    const wrong = clientFrom({
      REDIS_URL: `redis://127.0.0.1:${plain.port}`,
      REDIS_PASSWORD: `${PASSWORD}-wrong`,
    });
    const untrusted = clientFrom({
      REDIS_URL: `rediss://:${PASSWORD}@127.0.0.1:${tls.port}`,
      REDIS_TLS_CA_FILE: certs.otherCaFile,
    });
    try {
      await expect(redisReady(wrong)).rejects.toThrow(
        /^Redis refused the credentials \(WRONGPASS .*\); check REDIS_USERNAME and REDIS_PASSWORD/,
      );
      await expect(redisReady(untrusted)).rejects.toThrow(
        /^TLS to Redis failed \(.*certificate.*\); check REDIS_TLS and REDIS_TLS_CA_FILE/,
      );
    } finally {
      wrong.disconnect();
      untrusted.disconnect();
    }
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
