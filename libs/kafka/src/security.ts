import {
  ConfigError,
  KafkaEnv,
  loadConfig,
  readConfigFile,
  secretFrom,
  type FileReader,
} from '@tributary/config';

export type { FileReader };

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** What createKafka needs to reach a secured cluster; built from config by kafkaSecurityFrom. */
export interface KafkaSecurity {
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** Present: TLS on. `ca` replaces the system CAs; `cert` + `key` make it mutual TLS. */
  tls?: { ca?: string; cert?: string; key?: string };
}

/** The KafkaEnv variables (libs/config) this reads; tools pass the same names. */
export interface KafkaSecurityEnv {
  KAFKA_SASL_MECHANISM?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_SASL_PASSWORD_FILE?: string;
  KAFKA_SSL?: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
}

const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * The one translation of the KAFKA_SASL_* / KAFKA_SSL* variables into client settings, so every
 * service and tool connects the same way. Files are read here, once, at start; a missing piece
 * fails naming its variable.
 */
export function kafkaSecurityFrom(env: KafkaSecurityEnv, read?: FileReader): KafkaSecurity {
  const security: KafkaSecurity = {};
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (mechanism !== undefined) {
    if (!MECHANISMS.includes(mechanism as SaslMechanism)) {
      throw new ConfigError([
        { variable: 'KAFKA_SASL_MECHANISM', message: `must be one of ${MECHANISMS.join(', ')}` },
      ]);
    }
    const password = secretFrom(
      'KAFKA_SASL_PASSWORD',
      env.KAFKA_SASL_PASSWORD,
      env.KAFKA_SASL_PASSWORD_FILE,
      read,
    );
    const missing = [
      env.KAFKA_SASL_USERNAME === undefined ? 'KAFKA_SASL_USERNAME' : undefined,
      password === undefined ? 'KAFKA_SASL_PASSWORD' : undefined,
    ].filter((v): v is string => v !== undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        missing.map((variable) => ({
          variable,
          message: `required when KAFKA_SASL_MECHANISM=${mechanism}`,
        })),
      );
    }
    security.sasl = {
      mechanism: mechanism as SaslMechanism,
      username: env.KAFKA_SASL_USERNAME as string,
      password: password as string,
    };
  } else {
    const stray = (
      ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const
    ).find((v) => env[v] !== undefined);
    if (stray) {
      throw new ConfigError([{ variable: stray, message: 'set KAFKA_SASL_MECHANISM too' }]);
    }
  }

  const files = env.KAFKA_SSL_CA_FILE ?? env.KAFKA_SSL_CERT_FILE ?? env.KAFKA_SSL_KEY_FILE;
  if (env.KAFKA_SSL === false && files !== undefined) {
    throw new ConfigError([
      { variable: 'KAFKA_SSL', message: 'is false but KAFKA_SSL_* files are set' },
    ]);
  }
  if ((env.KAFKA_SSL_CERT_FILE === undefined) !== (env.KAFKA_SSL_KEY_FILE === undefined)) {
    const missing =
      env.KAFKA_SSL_CERT_FILE === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE';
    throw new ConfigError([
      {
        variable: missing,
        message: 'mutual TLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
      },
    ]);
  }
  // SASL without TLS would send PLAIN passwords in the clear: TLS is on unless said otherwise.
  const tlsOn = env.KAFKA_SSL ?? (security.sasl !== undefined || files !== undefined);
  if (tlsOn) {
    security.tls = {};
    if (env.KAFKA_SSL_CA_FILE) {
      security.tls.ca = readConfigFile('KAFKA_SSL_CA_FILE', env.KAFKA_SSL_CA_FILE, read);
    }
    if (env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE) {
      security.tls.cert = readConfigFile('KAFKA_SSL_CERT_FILE', env.KAFKA_SSL_CERT_FILE, read);
      security.tls.key = readConfigFile('KAFKA_SSL_KEY_FILE', env.KAFKA_SSL_KEY_FILE, read);
    }
  }
  return security;
}

/** Where and how a client authenticates, for messages and logs: never the password. */
export function describeKafkaSecurity(security: KafkaSecurity | undefined): string {
  const transport = security?.tls ? 'TLS' : 'plaintext';
  if (!security?.sasl) return transport;
  return `SASL ${security.sasl.mechanism.toUpperCase()} as user "${security.sasl.username}" over ${transport}`;
}

/** For tools without a config schema of their own: validates the KafkaEnv variables of `env`. */
export function kafkaSecurityFromEnv(env: Record<string, string | undefined>): KafkaSecurity {
  return kafkaSecurityFrom(loadConfig(KafkaEnv, env));
}
