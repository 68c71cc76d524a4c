import { types } from 'node:util';
import {
  Kafka,
  logLevel,
  type Admin,
  type AdminConfig,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type ProducerConfig,
  type SASLOptions,
} from 'kafkajs';
import type { Logger } from '@tributary/logging';
import { describeKafkaSecurity, type KafkaSecurity } from './security';
import { tlsPreflight } from './tls-preflight';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** SASL and TLS, from kafkaSecurityFrom(config); absent: plaintext, no authentication. */
  security?: KafkaSecurity;
}

/**
 * The broker refused the credentials (or the TLS handshake failed): a configuration problem that
 * no retry mends. Its message names the brokers, mechanism and user, never the password.
 */
export class KafkaAccessError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'KafkaAccessError';
  }
}

const TLS_FAILURE =
  /certificate|self[- ]signed|unable to verify|CERT_|ERR_TLS|wrong version number|handshake/i;

// Node's own errors (TLS) are not `instanceof Error` inside a jest VM context; this test is.
const isError = (value: unknown): value is Error =>
  value instanceof Error || types.isNativeError(value);

function explained(err: unknown, brokers: string[], security: KafkaSecurity | undefined): unknown {
  if (!isError(err)) return err;
  const where = `Kafka ${brokers.join(',')} with ${describeKafkaSecurity(security)}`;
  if (err.name === 'KafkaJSSASLAuthenticationError') {
    return new KafkaAccessError(
      `${where}: authentication failed (${err.message}); check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and the password`,
      { cause: err },
    );
  }
  const causes = [
    err,
    (err as { cause?: unknown }).cause,
    (err as { originalError?: unknown }).originalError,
  ];
  const tls = causes.find(
    (c): c is Error =>
      isError(c) && TLS_FAILURE.test(`${c.message} ${(c as NodeJS.ErrnoException).code ?? ''}`),
  );
  if (tls) {
    return new KafkaAccessError(
      `${where}: TLS failed (${tls.message}); check KAFKA_SSL and KAFKA_SSL_CA_FILE`,
      { cause: err },
    );
  }
  return err;
}

function sasl(security: KafkaSecurity | undefined): SASLOptions | undefined {
  const s = security?.sasl;
  if (!s) return undefined;
  return { mechanism: s.mechanism, username: s.username, password: s.password };
}

/**
 * kafkajs gives up on an authentication error (it is not retriable) but says nothing of which
 * credentials failed; an untrusted certificate it retries as a connection error for a minute.
 * Every client's connect() checks TLS once and turns both into a KafkaAccessError naming what to
 * fix.
 */
class ExplainingKafka extends Kafka {
  constructor(
    config: KafkaConfig,
    private readonly brokerList: string[],
    private readonly security: KafkaSecurity | undefined,
  ) {
    super(config);
  }

  private preflight: Promise<void> | undefined;

  /** Once per client set: a certificate the CA does not vouch for fails at once, not in a minute. */
  private checkTls(): Promise<void> {
    const tls = this.security?.tls;
    this.preflight ??= tls
      ? tlsPreflight(this.brokerList, tls).then((refusal) => {
          if (refusal) throw explained(refusal, this.brokerList, this.security);
        })
      : Promise.resolve();
    return this.preflight;
  }

  private explainConnect<T extends { connect(): Promise<void> }>(client: T): T {
    const connect = client.connect.bind(client);
    client.connect = async () => {
      await this.checkTls();
      try {
        await connect();
      } catch (err) {
        throw explained(err, this.brokerList, this.security);
      }
    };
    return client;
  }

  override producer(config?: ProducerConfig): Producer {
    return this.explainConnect(super.producer(config));
  }

  override consumer(config: ConsumerConfig): Consumer {
    return this.explainConnect(super.consumer(config));
  }

  override admin(config?: AdminConfig): Admin {
    return this.explainConnect(super.admin(config));
  }
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** What each client was made from, for producer threads that make their own (threaded-producer.ts). */
const madeFrom = new WeakMap<Kafka, KafkaSettings>();

/** The settings createKafka made `kafka` from; undefined for a client made elsewhere. */
export function kafkaSettingsOf(kafka: Kafka): KafkaSettings | undefined {
  return madeFrom.get(kafka);
}

/** A kafkajs client whose own log lines go through the service's pino logger. */
export function createKafka(settings: KafkaSettings): Kafka {
  const log = settings.logger.child({ component: 'kafkajs' });
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.security?.tls
      ? { ...settings.security.tls, rejectUnauthorized: true }
      : undefined,
    sasl: sasl(settings.security),
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[LEVELS[level] ?? 'info']({ kafkaLabel: label, ...rest }, message);
      },
  };
  // Says how the client will connect (never the password): the first thing to check when a
  // deployment cannot reach its brokers.
  log.info(
    { brokers: settings.brokers, security: describeKafkaSecurity(settings.security) },
    'kafka client',
  );
  const kafka = new ExplainingKafka(config, settings.brokers, settings.security);
  madeFrom.set(kafka, settings);
  return kafka;
}
