import { loadConfig, RedisEnv } from '@tributary/config';
import {
  createTestCertificates,
  startRedisServer,
  type RedisServerProcess,
} from '@tributary/testing';
import { createRedis, redisSettingsFrom, type Redis } from '@tributary/redis';

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
  const servers: RedisServerProcess[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.stop())));

  it('authenticates with REDIS_PASSWORD or an ACL user, and refuses without', async () => {
    const server = await startRedisServer([
      '--requirepass', PASSWORD,
      '--user', 'app', 'on', `>${APP_PASSWORD}`, '~app:*', '+@all',
    ]); // prettier-ignore
    servers.push(server);
    const url = `redis://127.0.0.1:${server.port}`;
    expect(await outcome(clientFrom({ REDIS_URL: url, REDIS_PASSWORD: PASSWORD }))).toBeUndefined();
    expect(
      await outcome(
        clientFrom({ REDIS_URL: `redis://app:${APP_PASSWORD}@127.0.0.1:${server.port}` }),
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
    let caFile = '';
    let otherCaFile = '';
    const server = await startRedisServer([], async (dir, port) => {
      const certs = await createTestCertificates(dir);
      ({ caFile, otherCaFile } = certs);
      return [
        '--port', '0', '--tls-port', String(port), '--tls-cert-file', certs.certFile,
        '--tls-key-file', certs.keyFile, '--tls-ca-cert-file', certs.caFile,
        '--tls-auth-clients', 'no', '--requirepass', PASSWORD,
      ]; // prettier-ignore
    });
    servers.push(server);
    const url = `rediss://:${PASSWORD}@127.0.0.1:${server.port}`;
    expect(
      await outcome(clientFrom({ REDIS_URL: url, REDIS_TLS_CA_FILE: caFile })),
    ).toBeUndefined();
    expect(await outcome(clientFrom({ REDIS_URL: url, REDIS_TLS_CA_FILE: otherCaFile }))).toMatch(
      /certificate/i,
    );
  });
});
