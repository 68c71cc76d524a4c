import { ConfigError, loadConfig, RedisEnv } from '@tributary/config';
import { redisSettingsFrom, type FileReader } from './redis-settings';

const files: Record<string, string> = {
  '/run/secrets/redis-password': 's3cret-from-file\n',
  '/etc/redis-ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};
const read: FileReader = (path) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};
const settings = (env: Record<string, string>) =>
  redisSettingsFrom(loadConfig(RedisEnv, env), read);

function variableOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems[0]?.variable;
    throw err;
  }
  return undefined;
}

describe('redisSettingsFrom', () => {
  it('is a plain standalone client by default', () => {
    expect(settings({})).toEqual({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
  });

  it('takes an ACL user and a password from variables, the password also from a file', () => {
    expect(
      settings({ REDIS_USERNAME: 'tributary', REDIS_PASSWORD_FILE: '/run/secrets/redis-password' }),
    ).toMatchObject({ username: 'tributary', password: 's3cret-from-file' });
    expect(settings({ REDIS_PASSWORD: 'pw' })).toMatchObject({ password: 'pw' });
  });

  it('takes credentials from the URL, percent-decoded', () => {
    expect(settings({ REDIS_URL: 'redis://app:p%40ss@redis.internal:6379' })).toMatchObject({
      username: 'app',
      password: 'p@ss',
    });
  });

  it('turns TLS on for rediss:// or a CA file, with the CA read from the file', () => {
    expect(settings({ REDIS_URL: 'rediss://redis.internal:6380' }).tls).toEqual({});
    expect(settings({ REDIS_TLS_CA_FILE: '/etc/redis-ca.pem' }).tls).toEqual({
      ca: files['/etc/redis-ca.pem'],
    });
    expect(settings({ REDIS_TLS: 'true' }).tls).toEqual({});
  });

  it('uses REDIS_URL as the seed of a cluster, or the listed nodes', () => {
    expect(settings({ REDIS_MODE: 'cluster' })).toMatchObject({ mode: 'cluster' });
    expect(
      settings({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-2.internal:7001,[::1]:7002' }),
    ).toMatchObject({
      mode: 'cluster',
      clusterNodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-2.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
  });

  it.each([
    [{ REDIS_MODE: 'sentinel' }, 'REDIS_MODE'],
    [{ REDIS_MODE: 'standalone', REDIS_CLUSTER_NODES: 'a:1' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-1.internal' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'a:70000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_MODE: 'cluster', REDIS_URL: 'redis://a:6379/3' }, 'REDIS_URL'],
    [
      { REDIS_PASSWORD: 'a', REDIS_PASSWORD_FILE: '/run/secrets/redis-password' },
      'REDIS_PASSWORD_FILE',
    ],
    [{ REDIS_PASSWORD_FILE: '/nowhere' }, 'REDIS_PASSWORD_FILE'],
    [{ REDIS_URL: 'redis://:pw@a:6379', REDIS_PASSWORD: 'other' }, 'REDIS_PASSWORD'],
    [{ REDIS_USERNAME: 'app' }, 'REDIS_PASSWORD'],
    [{ REDIS_TLS: 'false', REDIS_TLS_CA_FILE: '/etc/redis-ca.pem' }, 'REDIS_TLS'],
    [{ REDIS_TLS: 'false', REDIS_URL: 'rediss://a:6380' }, 'REDIS_TLS'],
    [{ REDIS_TLS_CA_FILE: '/nowhere' }, 'REDIS_TLS_CA_FILE'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(variableOf(() => settings(env))).toBe(variable);
  });

  it('never puts a secret into its error messages', () => {
    try {
      settings({ REDIS_URL: 'redis://:hunter2-secret@a:6379', REDIS_PASSWORD: 'other-secret' });
    } catch (err) {
      expect(String((err as Error).message)).not.toMatch(/hunter2|other-secret/);
      return;
    }
    throw new Error('expected a ConfigError');
  });
});
