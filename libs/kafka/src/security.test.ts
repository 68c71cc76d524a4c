import { Type } from '@sinclair/typebox';
import { ConfigError, KafkaEnv, loadConfig } from '@tributary/config';
import { describeKafkaSecurity, kafkaSecurityFrom, type FileReader } from './security';

const files: Record<string, string> = {
  '/run/secrets/kafka-password': 'from-the-file\n',
  '/etc/kafka/ca.pem': 'CA PEM',
  '/etc/kafka/client.pem': 'CERT PEM',
  '/etc/kafka/client.key': 'KEY PEM',
};
const read: FileReader = (path) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return text;
};
const fromEnv = (env: Record<string, string>) =>
  kafkaSecurityFrom(loadConfig(Type.Composite([KafkaEnv]), env), read);

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('kafkaSecurityFrom', () => {
  it('is plaintext without SASL or TLS settings', () => {
    expect(fromEnv({})).toEqual({});
  });

  it('turns on TLS with SASL unless KAFKA_SSL=false, and accepts mechanisms in either case', () => {
    expect(
      fromEnv({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'pw',
      }),
    ).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
      tls: {},
    });
    expect(
      fromEnv({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'pw',
        KAFKA_SSL: 'false',
      }).tls,
    ).toBeUndefined();
  });

  it('reads the password from KAFKA_SASL_PASSWORD_FILE without its trailing newline', () => {
    const security = fromEnv({
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password',
    });
    expect(security.sasl?.password).toBe('from-the-file');
  });

  it('reads the CA and the client certificate and key (mutual TLS)', () => {
    expect(
      fromEnv({
        KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
        KAFKA_SSL_CERT_FILE: '/etc/kafka/client.pem',
        KAFKA_SSL_KEY_FILE: '/etc/kafka/client.key',
      }),
    ).toEqual({ tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' } });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'pw' }, /KAFKA_SASL_USERNAME: required/],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_PASSWORD: required/],
    [
      { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'pw' },
      /KAFKA_SASL_USERNAME: set KAFKA_SASL_MECHANISM/,
    ],
    [
      {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'pw',
        KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password',
      },
      /KAFKA_SASL_PASSWORD_FILE: set either/,
    ],
    [
      {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD_FILE: '/nope',
      },
      /KAFKA_SASL_PASSWORD_FILE: cannot read \/nope \(ENOENT\)/,
    ],
    [{ KAFKA_SSL_CA_FILE: '/missing/ca.pem' }, /KAFKA_SSL_CA_FILE: cannot read/],
    [{ KAFKA_SSL_CERT_FILE: '/etc/kafka/client.pem' }, /KAFKA_SSL_KEY_FILE: mutual TLS needs both/],
    [{ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' }, /KAFKA_SSL: is false/],
  ])('fails naming the variable: %j', (env, message) => {
    expect(problemOf(() => fromEnv(env))).toMatch(message);
  });

  it('refuses an unknown mechanism at config load', () => {
    expect(() => fromEnv({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });

  it('describes the security without the password', () => {
    const security = fromEnv({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'hunter2-secret',
    });
    const text = describeKafkaSecurity(security);
    expect(text).toBe('SASL SCRAM-SHA-512 as user "svc" over TLS');
    expect(text).not.toContain('hunter2');
  });
});
