import { ChannelRules, DEFAULT_CHANNEL_RULES, type ChannelRule } from '@tributary/channel-grouping';
import { splitList } from '@tributary/config';
import { apiKeyProducer, createHttpApp, type HttpApp } from '@tributary/http';
import {
  createBadEventPublisher,
  createKafka,
  createProducer,
  createThreadedProducer,
  createRegistryCodec,
  ensureTopics,
  dlqTopic,
  pingKafka,
  kafkaSecurityFrom,
  registryAccessFrom,
} from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { compileValidator, CustomerEvent, formatIssues } from '@tributary/schemas';
import type { IngestConfig } from './config';
import { createEventPublisher, type EventEncoder } from './adapters/event-publisher';
import { registerEventsRoute } from './http/events-route';
import { createIntakeResponder, type IntakeDeps } from './http/intake-responder';
import { registerSegmentRoutes } from './http/segment-routes';

export interface IngestService {
  app: HttpApp;
  /** Ordered shutdown: stop taking requests, flush pending sends, close the producer. */
  stop(): Promise<void>;
}

function channelRules(json: string | undefined): ChannelRule[] {
  if (!json) return DEFAULT_CHANNEL_RULES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('CHANNEL_RULES_JSON: not valid JSON');
  }
  const result = compileValidator(ChannelRules).check(parsed);
  if (!result.ok) throw new Error(`CHANNEL_RULES_JSON: ${formatIssues(result.issues)}`);
  return result.value;
}

/** Composition root: config -> Kafka producer (+ registry) -> publisher -> HTTP routes. */
export async function buildIngestService(
  config: IngestConfig,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<IngestService> {
  const rules = {
    channelRules: channelRules(config.CHANNEL_RULES_JSON),
    ownHosts: splitList(config.OWN_HOSTS),
    maxFutureSkewMs: config.MAX_FUTURE_SKEW_SECONDS * 1000,
  };
  const metrics = createMetricsRegistry('ingest-gateway');
  const kafka = createKafka({
    brokers: splitList(config.KAFKA_BROKERS),
    clientId: config.KAFKA_CLIENT_ID ?? 'ingest-gateway',
    security: kafkaSecurityFrom(config),
    logger,
  });
  await ensureTopics(kafka, [
    {
      topic: config.EVENTS_TOPIC,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
    {
      topic: dlqTopic(config.EVENTS_TOPIC),
      partitions: 1,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
    // Like a .dlq: failures are meant to be rare, and one partition reads in the order they came.
    {
      topic: config.BAD_EVENTS_TOPIC,
      partitions: 1,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
  ]);
  // Requests that arrive while a send is in flight go out together next; the gateway already
  // shares one send's fate among the requests of a linger window.
  const producer =
    config.PRODUCER_THREADS > 0
      ? await createThreadedProducer(kafka, {
          logger,
          threads: config.PRODUCER_THREADS,
          coalesce: true,
        })
      : await createProducer(kafka, {
          logger,
          parallel: config.PRODUCER_PARALLELISM,
          coalesce: true,
        });
  let encode: EventEncoder = (event) => JSON.stringify(event);
  if (config.SCHEMA_REGISTRY_URL) {
    const codec = await createRegistryCodec(
      config.SCHEMA_REGISTRY_URL,
      `${config.EVENTS_TOPIC}-value`,
      CustomerEvent,
      registryAccessFrom(config),
    );
    encode = (event) => codec.encode(event);
    logger.info(
      { registry: config.SCHEMA_REGISTRY_URL },
      'encoding events in the Confluent wire format',
    );
  }
  const publisher = createEventPublisher(
    producer,
    config.EVENTS_TOPIC,
    encode,
    config.PRODUCER_LINGER_MS,
  );

  const app = await createHttpApp({
    logger,
    metrics,
    bodyLimitBytes: config.MAX_BODY_BYTES,
    readiness: { kafka: () => pingKafka(kafka) },
    access: {
      producer: apiKeyProducer(splitList(config.INGEST_API_KEYS)),
      maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary ingest-gateway',
      description: 'Validated intake of customer events into Kafka.',
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
        // Segment's libraries: the write key (an INGEST_API_KEYS entry) as user, no password.
        writeKey: { type: 'http', scheme: 'basic' },
      },
    },
  });
  if (config.ALLOW_INSECURE_DEV_SECRETS) {
    logger.warn(
      'ALLOW_INSECURE_DEV_SECRETS=true: weak or demo secrets accepted (local development only)',
    );
  }
  const intake: IntakeDeps = {
    publisher,
    badEvents: createBadEventPublisher(producer, config.BAD_EVENTS_TOPIC),
    rules,
    maxBatchEvents: config.MAX_BATCH_EVENTS,
    metrics,
    now,
  };
  const respond = createIntakeResponder(intake);
  registerEventsRoute(app, intake, respond);
  registerSegmentRoutes(app, intake, respond);

  let stopping: Promise<void> | undefined;
  return {
    app,
    // Idempotent: a second call (a signal during shutdown, a test's cleanup) awaits the first.
    stop() {
      stopping ??= (async () => {
        await app.close();
        await publisher.close();
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}
