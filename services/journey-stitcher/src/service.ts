import { splitList } from '@tributary/config';
import { INTERNAL_SECURITY, createHttpApp, internalCaller, type HttpApp } from '@tributary/http';
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
import { createMetricsRegistry, type Registry } from '@tributary/metrics';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool, pingPostgres, type Pool } from '@tributary/postgres';
import { createIdHasher } from '@tributary/privacy';
import { createRedis, pingRedis, redisSettingsFrom, type Redis } from '@tributary/redis';
import { startScheduler, type Scheduler } from '@tributary/scheduling';
import { journeyPublisher, relayUnpublished } from './adapters/journey-outbox';
import { createPartitionKeeper } from './adapters/raw-event-partitions';
import { stitchingPolicyOf, type StitcherConfig } from './config';
import { customerEventCodec } from './consumers/decode-customer-event';
import { createEventsHandler } from './consumers/events-handler';
import { maintainPartitions, scheduledJobs } from './jobs/scheduled-jobs';
import { createErasureRuntime, type ErasureRuntime } from './privacy/erasure-runtime';
import { registerErasureRoutes } from './privacy/erasure-routes';
import { gateSuppressed } from './privacy/suppression-gate';

/** Recent ids whose suppression hashes the consumer remembers (see createIdHasher). */
const HASH_CACHE = 100_000;

export interface StitcherService {
  app: HttpApp;
  pool: Pool;
  consumer: ConsumerRunner;
  metrics: Registry;
  /** Migrates, maintains partitions, relays unpublished journeys, then consumes and schedules. */
  start(): Promise<void>;
  /** Ordered shutdown: HTTP, scheduler, consumer (drains and commits), producer, pool. Idempotent. */
  stop(): Promise<void>;
}

export interface StitcherDeps {
  logger: Logger;
  now?: () => Date;
  kafka?: Kafka;
}

/** Composition root: config -> pg, Kafka -> warehouse adapters -> consumer, jobs, HTTP. */
export async function buildStitcherService(
  config: StitcherConfig,
  deps: StitcherDeps,
): Promise<StitcherService> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = stitchingPolicyOf(config);
  const metrics = createMetricsRegistry('journey-stitcher');
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      applicationName: 'journey-stitcher',
      max: config.PG_POOL_MAX,
    },
    logger,
  );
  const kafka =
    deps.kafka ??
    createKafka({
      brokers: splitList(config.KAFKA_BROKERS),
      clientId: config.KAFKA_CLIENT_ID ?? 'journey-stitcher',
      security: kafkaSecurityFrom(config),
      logger,
    });
  const topic = (name: string, partitions: number) => ({
    topic: name,
    partitions,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  });
  await ensureTopics(kafka, [
    topic(config.EVENTS_TOPIC, config.KAFKA_TOPIC_PARTITIONS),
    topic(dlqTopic(config.EVENTS_TOPIC), 1),
    topic(config.JOURNEYS_TOPIC, config.KAFKA_TOPIC_PARTITIONS),
    topic(dlqTopic(config.JOURNEYS_TOPIC), 1),
    topic(config.BAD_EVENTS_TOPIC, 1),
  ]);
  const producer = await createProducer(kafka, { logger });
  const publish = journeyPublisher(producer, config.JOURNEYS_TOPIC, logger);
  const partitions = createPartitionKeeper(
    pool,
    {
      retentionDays: config.RAW_EVENTS_RETENTION_DAYS,
      aheadDays: config.RAW_EVENTS_PARTITIONS_AHEAD_DAYS,
    },
    now,
    logger,
  );
  // Erasure (docs/privacy.md): the suppression check needs the secret; the routes also the token.
  const secret = config.ERASURE_HMAC_SECRET;
  const suppressionGate = (handle: Parameters<typeof gateSuppressed>[0]) =>
    secret === undefined
      ? handle
      : gateSuppressed(handle, {
          pool,
          hash: createIdHasher(secret, HASH_CACHE),
          now,
          logger,
          metrics,
        });
  if (secret === undefined) {
    logger.warn('ERASURE_HMAC_SECRET unset: no erasure routes, no suppression check');
  } else if (config.INTERNAL_API_TOKEN === undefined) {
    logger.warn('INTERNAL_API_TOKEN unset: suppression check on, no erasure routes');
  }
  let redis: Redis | undefined;
  let erasures: ErasureRuntime | undefined;
  if (secret !== undefined && config.INTERNAL_API_TOKEN !== undefined) {
    // The realtime store's keys: the same REDIS_URL and REDIS_KEY_PREFIX as realtime-analytics.
    redis = createRedis({
      ...redisSettingsFrom(config),
      keyPrefix: config.REDIS_KEY_PREFIX,
      logger,
    });
    erasures = createErasureRuntime(
      pool,
      redis,
      {
        secret,
        payoutRetention: config.PAYOUT_RETENTION,
        suppressionHours: config.ERASURE_SUPPRESSION_HOURS,
      },
      logger,
      now,
    );
  }
  const consumer = createConsumerRunner({
    kafka,
    groupId: config.CONSUMER_GROUP,
    topics: [config.EVENTS_TOPIC],
    // A new group stores the topic's whole history: the warehouse is the system of record.
    fromBeginning: true,
    decode: (value) => customerEventCodec.decode(value),
    handle: suppressionGate(
      createEventsHandler({ pool, partitions, publish, policy, logger, metrics, now }),
    ),
    producer,
    badEvents: createBadEventPublisher(producer, config.BAD_EVENTS_TOPIC),
    logger,
    metrics,
    partitionsConsumedConcurrently: config.PARTITIONS_CONCURRENTLY,
    maxUnclassifiedRetries: config.CONSUMER_MAX_UNCLASSIFIED_RETRIES,
    stallMs: config.CONSUMER_STALL_SECONDS * 1000,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    maxBytesPerFetch: config.KAFKA_MAX_BYTES_PER_FETCH,
  });
  const jobsDeps = {
    pool,
    policy,
    publish,
    logger,
    now,
    timeZone: config.TIME_ZONE,
    crons: {
      partitions: config.PARTITIONS_CRON,
      sweep: config.NON_CONVERTING_SWEEP_CRON,
      relay: config.OUTBOX_RELAY_CRON,
    },
    retentionDays: config.RAW_EVENTS_RETENTION_DAYS,
    aheadDays: config.RAW_EVENTS_PARTITIONS_AHEAD_DAYS,
  };
  const app = await createHttpApp({
    logger,
    metrics,
    readiness: {
      postgres: () => pingPostgres(pool),
      kafka: () => pingKafka(kafka),
      consumer: async () => consumer.assertHealthy(),
      ...(redis && { redis: () => pingRedis(redis) }),
    },
    // Probes, and with erasure on the admin routes query-api forwards with the internal token.
    access:
      erasures && config.INTERNAL_API_TOKEN !== undefined
        ? {
            caller: internalCaller(config.INTERNAL_API_TOKEN),
            maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
          }
        : {},
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary journey-stitcher',
      description:
        'Customer erasure and export (admin, forwarded by query-api with the internal token).',
      securitySchemes: INTERNAL_SECURITY,
    },
  });

  if (erasures) registerErasureRoutes(app, erasures);

  let scheduler: Scheduler | undefined;
  let stopping: Promise<void> | undefined;
  return {
    app,
    pool,
    consumer,
    metrics,
    async start() {
      if (config.MIGRATE_ON_START) await migrateWarehouse(pool, logger);
      await maintainPartitions(jobsDeps).catch((err: unknown) =>
        logger.warn({ err }, 'partition maintenance at start failed; the daily job retries'),
      );
      // No batch is in flight yet: every mark left is a publication a crash interrupted.
      const relayed = await relayUnpublished(pool, publish, { minAgeMs: 0 });
      if (relayed > 0)
        logger.warn({ relayed }, 'unpublished journeys from before a restart published');
      await consumer.start();
      scheduler = startScheduler(scheduledJobs(jobsDeps), logger, now);
      await erasures?.resumeAll();
      logger.info(
        { topic: config.EVENTS_TOPIC, group: config.CONSUMER_GROUP },
        'journey-stitcher started',
      );
    },
    stop() {
      stopping ??= (async () => {
        await app.close();
        await scheduler?.stop();
        await consumer.stop();
        await producer.disconnect();
        await erasures?.drain();
        redis?.disconnect();
        await pool.end();
      })();
      return stopping;
    },
  };
}
