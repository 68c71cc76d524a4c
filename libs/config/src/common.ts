import { Type } from '@sinclair/typebox';

/** Fragments every service composes into its own schema, so variable names are uniform. */
export const LogEnv = Type.Object({
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
});

/**
 * Opt-in span export over OTLP/HTTP (libs/logging startTracing): unset, nothing is exported.
 * The standard OpenTelemetry names; the traces endpoint is used as is, the base one gets
 * `/v1/traces` appended.
 */
export const OtelEnv = Type.Object({
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
});

export const KafkaEnv = Type.Object({
  KAFKA_BROKERS: Type.String({
    minLength: 1,
    default: '127.0.0.1:9092',
    description: 'comma-separated host:port',
  }),
  KAFKA_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  KAFKA_TOPIC_PARTITIONS: Type.Integer({ minimum: 1, maximum: 1000, default: 6 }),
  KAFKA_REPLICATION_FACTOR: Type.Integer({ minimum: 1, maximum: 7, default: 1 }),
  SCHEMA_REGISTRY_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  // Broker security (libs/kafka kafkaSecurityFrom turns these into the client's sasl/ssl): every
  // managed Kafka wants SASL over TLS, a private cluster often TLS with a private CA or mTLS.
  KAFKA_SASL_MECHANISM: Type.Optional(
    Type.Union(
      ['plain', 'scram-sha-256', 'scram-sha-512'].flatMap((m) => [
        Type.Literal(m),
        Type.Literal(m.toUpperCase()),
      ]),
    ),
  ),
  KAFKA_SASL_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  KAFKA_SASL_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** A file holding the password (a Kubernetes secret mount), read once at start. */
  KAFKA_SASL_PASSWORD_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** TLS to the brokers; unset means on when a SASL mechanism or a KAFKA_SSL_* file is set. */
  KAFKA_SSL: Type.Optional(Type.Boolean()),
  /** PEM CA bundle trusted for the brokers' certificates (private CA); unset: the system CAs. */
  KAFKA_SSL_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** PEM client certificate and key for mutual TLS; both or neither. */
  KAFKA_SSL_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  KAFKA_SSL_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  SCHEMA_REGISTRY_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  SCHEMA_REGISTRY_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  SCHEMA_REGISTRY_PASSWORD_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** PEM CA bundle trusted for an https registry with a private CA. */
  SCHEMA_REGISTRY_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  // Retries of a consumer error no rule classifies before the message is dead-lettered as
  // UNCLASSIFIED (libs/errors): a bounded wait, never a stalled partition.
  CONSUMER_MAX_UNCLASSIFIED_RETRIES: Type.Integer({ minimum: 0, maximum: 1000, default: 5 }),
  // /readyz turns red when a partition's batch has made no progress this long (held by an
  // outage, or stuck): a stalled consumer must not look healthy.
  CONSUMER_STALL_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 300 }),
});

export const PostgresEnv = Type.Object({
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    default: 'postgres://postgres@127.0.0.1:5432/tributary',
  }),
  PG_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
});

// libs/redis redisSettingsFrom turns these into the client's settings (files read once at start).
export const RedisEnv = Type.Object({
  /** The server, or with REDIS_MODE=cluster a seed node; may carry user:password@. */
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  REDIS_KEY_PREFIX: Type.String({ maxLength: 64, default: 'trib:' }),
  /** `cluster`: a Redis Cluster (ioredis Cluster); unset means cluster when nodes are listed. */
  REDIS_MODE: Type.Optional(Type.Union([Type.Literal('standalone'), Type.Literal('cluster')])),
  /** Comma-separated host:port seeds of a Redis Cluster (instead of REDIS_URL's host). */
  REDIS_CLUSTER_NODES: Type.Optional(Type.String({ minLength: 1 })),
  /** An ACL user (Redis 6+); the password alone authenticates the `default` user. */
  REDIS_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  REDIS_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** A file holding the password (a Kubernetes secret mount), read once at start. */
  REDIS_PASSWORD_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** TLS; unset means on when REDIS_URL is rediss:// or REDIS_TLS_CA_FILE is set. */
  REDIS_TLS: Type.Optional(Type.Boolean()),
  /** PEM CA bundle trusted for the server's certificate (private CA); unset: the system CAs. */
  REDIS_TLS_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
});

export const TimeZoneEnv = Type.Object({
  TIME_ZONE: Type.String({ minLength: 1, default: 'Europe/Istanbul' }),
});

export function port(defaultPort: number) {
  return Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort });
}

/**
 * `accessLogSampleRate`: the share of answers below 400 written to the access log (errors are
 * always written). The intake and the dashboard's API answer tens of thousands of requests a
 * second, where a line per request would cost more than the request (their defaults are 0.01).
 */
export function httpEnv(defaultPort: number, accessLogSampleRate = 1) {
  return Type.Object({
    HTTP_HOST: Type.String({ default: '127.0.0.1' }),
    HTTP_PORT: port(defaultPort),
    ACCESS_LOG_SAMPLE_RATE: Type.Number({ minimum: 0, maximum: 1, default: accessLogSampleRate }),
  });
}

/**
 * /metrics is not on a service's own port unless METRICS_PUBLIC=true; METRICS_PORT serves it on a
 * port of its own, for a scraper inside the cluster.
 */
export const MetricsEnv = Type.Object({
  METRICS_PUBLIC: Type.Boolean({ default: false }),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
});

/** The shared secret that proves a request comes from inside (query-api or a sibling service). */
export const InternalTokenEnv = Type.Object({
  INTERNAL_API_TOKEN: Type.String({ minLength: 1 }),
});

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
