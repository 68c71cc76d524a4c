import { splitList } from '@tributary/config';
import { createHttpApp, type HttpApp } from '@tributary/http';
import {
  createBadEventPublisher,
  createConsumerRunner,
  createKafka,
  createProducer,
  dlqTopic,
  ensureTopics,
  pingKafka,
  type ConsumerRunner,
  type Kafka,
  kafkaSecurityFrom,
} from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { createMetricsRegistry, gauge, type Registry } from '@tributary/metrics';
import {
  createRealtimeReader,
  createRealtimeWriter,
  hasStoreMarker,
  setStoreMarker,
  type RealtimeReader,
  type RealtimeWriter,
} from '@tributary/realtime-store';
import {
  createRedis,
  pingRedis,
  redisReady,
  redisSettingsFrom,
  type Redis,
} from '@tributary/redis';
import { storeSettings, type RealtimeConfig } from './config';
import { decodeProductView } from './consumers/decode-product-view';
import { createProductViewsHandler } from './consumers/product-views-handler';
import { rebuildFromKafka } from './consumers/rebuild-from-kafka';
import { withErasureSuppression } from './consumers/erasure-suppression';
import { startSweeper } from './consumers/sweeper';

export interface RealtimeService {
  app: HttpApp;
  reader: RealtimeReader;
  writer: RealtimeWriter;
  metrics: Registry;
  /** Rebuilds from Kafka if Redis lost the state, then starts consuming and sweeping. */
  start(): Promise<void>;
  /** Ordered shutdown: HTTP, sweeper, consumer (drains and commits), producer, Redis. Idempotent. */
  stop(): Promise<void>;
}

export interface RealtimeDeps {
  logger: Logger;
  now?: () => number;
  kafka?: Kafka;
}

/** Composition root: config -> Redis, Kafka -> store writer/reader -> consumer, sweeper, HTTP. */
export async function buildRealtimeService(
  config: RealtimeConfig,
  deps: RealtimeDeps,
): Promise<RealtimeService> {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const settings = storeSettings(config);
  const metrics = createMetricsRegistry('realtime-analytics');
  const redis: Redis = createRedis({
    ...redisSettingsFrom(config),
    keyPrefix: config.REDIS_KEY_PREFIX,
    logger,
  });
  await redisReady(redis);
  const kafka =
    deps.kafka ??
    createKafka({
      brokers: splitList(config.KAFKA_BROKERS),
      clientId: config.KAFKA_CLIENT_ID ?? 'realtime-analytics',
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
    {
      topic: config.BAD_EVENTS_TOPIC,
      partitions: 1,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    },
  ]);
  const producer = await createProducer(kafka, { logger });
  const writer = withErasureSuppression(
    createRealtimeWriter(redis, settings),
    redis,
    config,
    metrics,
  );
  const reader = createRealtimeReader(redis, settings);
  const handle = createProductViewsHandler({ writer, metrics, logger, now });
  const consumer: ConsumerRunner = createConsumerRunner({
    kafka,
    groupId: config.CONSUMER_GROUP,
    topics: [config.EVENTS_TOPIC],
    // A new group reads the topic's history once: the window keeps only what is recent, the
    // recent-views lists gain the older views, and no record falls between a rebuild and the join.
    fromBeginning: true,
    decode: decodeProductView,
    handle,
    producer,
    badEvents: createBadEventPublisher(producer, config.BAD_EVENTS_TOPIC),
    logger,
    metrics,
    partitionsConsumedConcurrently: config.PARTITIONS_CONCURRENTLY,
    maxUnclassifiedRetries: config.CONSUMER_MAX_UNCLASSIFIED_RETRIES,
    stallMs: config.CONSUMER_STALL_SECONDS * 1000,
  });
  const rebuilt = gauge(
    metrics,
    'realtime_rebuild_records',
    'Records replayed by the last rebuild from Kafka',
  );
  let started = false;
  let sweeper: { stop(): Promise<void> } | undefined;

  const app = await createHttpApp({
    logger,
    metrics,
    readiness: {
      redis: () => pingRedis(redis),
      kafka: () => pingKafka(kafka),
      state: () =>
        started ? Promise.resolve() : Promise.reject(new Error('starting or rebuilding')),
      consumer: async () => consumer.assertHealthy(),
    },
    // Probes only: no route here takes a caller.
    access: {},
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    // No operation yet: published so that every service answers /openapi.json alike.
    openApi: {
      title: 'Tributary realtime-analytics',
      description: 'Probes only.',
      securitySchemes: {},
    },
  });

  async function rebuildIfLost(): Promise<void> {
    if (!config.REBUILD_ON_START || (await hasStoreMarker(redis))) return;
    const startedAt = now();
    // Views that may still matter: the retention plus one window back, and their possible skew.
    const from =
      startedAt - settings.retentionMs - 2 * settings.windowMs - settings.maxFutureSkewMs;
    logger.warn(
      { topic: config.EVENTS_TOPIC, from: new Date(from).toISOString() },
      'store marker missing, rebuilding from Kafka',
    );
    const { records } = await rebuildFromKafka({
      kafka,
      topic: config.EVENTS_TOPIC,
      fromTimestamp: from,
      decode: decodeProductView,
      apply: async (views) => void (await writer.applyViews(views, now())),
      logger,
    });
    rebuilt.set(records);
    await setStoreMarker(redis, startedAt);
  }

  let stopping: Promise<void> | undefined;
  return {
    app,
    reader,
    writer,
    metrics,
    async start() {
      await rebuildIfLost();
      await consumer.start();
      sweeper = startSweeper({ writer, intervalMs: config.SWEEP_INTERVAL_MS, now, logger });
      started = true;
      logger.info(
        { topic: config.EVENTS_TOPIC, group: config.CONSUMER_GROUP },
        'realtime-analytics started',
      );
    },
    stop() {
      stopping ??= (async () => {
        started = false;
        await app.close();
        await sweeper?.stop();
        await consumer.stop();
        await producer.disconnect();
        redis.disconnect();
      })();
      return stopping;
    },
  };
}
