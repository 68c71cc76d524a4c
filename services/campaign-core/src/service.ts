import { createHttpApp, INTERNAL_SECURITY, internalCaller, type HttpApp } from '@tributary/http';
import {
  createBadEventPublisher,
  createKafka,
  createProducer,
  dlqTopic,
  ensureTopics,
  pingKafka,
  type ConsumerRunner,
  type JsonProducer,
  kafkaSecurityFrom,
} from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createCoreMetrics } from './metrics';
import { createOutboundClient } from '@tributary/outbound';
import { createPool, pingPostgres, type Pool } from '@tributary/postgres';
import { splitList } from '@tributary/config';
import {
  createCampaignGoalsClient,
  type CampaignGoalsClient,
} from './adapters/campaign-goals-client';
import { createCampaignConfigCache } from './adapters/campaign-config-cache';
import { createCampaignRepository } from './adapters/campaign-repository';
import { actionAllowList, type CampaignCoreConfig } from './config';
import { createGoalsAchievedConsumer } from './consumers/goals-achieved-consumer';
import { createCircuitBreakers } from './domain/circuit-breaker';
import { createActionDispatcher, type ActionDispatcher } from './dispatcher/action-dispatcher';
import type { EngineDeps } from './evaluation/apply-goal-events';
import { registerCampaignRoutes } from './http/campaign-routes';
import { registerClientDataRoutes } from './http/client-data-routes';
import { registerExplainRoutes } from './http/explain-routes';
import { registerLimitRoutes } from './http/limit-routes';
import { registerParticipationRoutes } from './http/participation-routes';

export interface CampaignCoreDeps {
  /** The clock (R4); the composition root's caller passes libs/clock's `now`. */
  now?: () => Date;
  /** Re-reads the replay clock before each evaluation (libs/clock's `refresh`; see EngineDeps). */
  refreshClock?: () => Promise<void>;
  /** An existing pool (tests, benchmarks); otherwise one is created from DATABASE_URL. */
  pool?: Pool;
}

export interface CampaignCoreService {
  app: HttpApp;
  engine: EngineDeps;
  dispatcher: ActionDispatcher;
  consumer: ConsumerRunner | undefined;
  /** Starts consuming goals.achieved and dispatching actions (HTTP is started by the caller). */
  start(): Promise<void>;
  /** Ordered shutdown: HTTP, consumer (drains and commits), dispatcher, producer, pool last. */
  stop(): Promise<void>;
}

/** Composition root: config -> pg, Kafka, campaign-goals client -> engine -> HTTP, consumer, dispatcher. */
export async function buildCampaignCoreService(
  config: CampaignCoreConfig,
  logger: Logger,
  deps: CampaignCoreDeps = {},
): Promise<CampaignCoreService> {
  const now = deps.now ?? (() => new Date());
  const metrics = createMetricsRegistry('campaign-core');
  const ownsPool = deps.pool === undefined;
  const pool =
    deps.pool ??
    createPool(
      {
        connectionString: config.DATABASE_URL,
        max: config.PG_POOL_MAX,
        applicationName: 'campaign-core',
      },
      logger,
    );
  const own = createCoreMetrics(metrics, pool);
  if (config.ALLOW_INSECURE_DEV_SECRETS) {
    logger.warn(
      'ALLOW_INSECURE_DEV_SECRETS=true: weak or demo secrets accepted (local development only)',
    );
  }
  const goals: CampaignGoalsClient = createCampaignGoalsClient({
    baseUrl: config.CAMPAIGN_GOALS_URL,
    timeoutMs: config.CAMPAIGN_GOALS_TIMEOUT_MS,
    adhocTimeoutMs: config.ADHOC_CHECK_TIMEOUT_MS,
    breakers: createCircuitBreakers({
      failureThreshold: config.ADHOC_BREAKER_FAILURES,
      cooldownMs: config.ADHOC_BREAKER_COOLDOWN_MS,
    }),
    headers: {
      'x-tributary-role': 'operator',
      'x-internal-token': config.INTERNAL_API_TOKEN,
    },
  });
  const engine: EngineDeps = {
    pool,
    goals,
    logger,
    zone: config.TIME_ZONE,
    now,
    ...(deps.refreshClock && { refreshClock: deps.refreshClock }),
    config: createCampaignConfigCache(),
  };
  const repository = createCampaignRepository(pool);

  const kafka = createKafka({
    brokers: splitList(config.KAFKA_BROKERS),
    clientId: config.KAFKA_CLIENT_ID ?? 'campaign-core',
    security: kafkaSecurityFrom(config),
    logger,
  });
  let producer: JsonProducer | undefined;
  let consumer: ConsumerRunner | undefined;
  if (config.CONSUMER_ENABLED) {
    await ensureTopics(kafka, [
      {
        topic: config.GOALS_ACHIEVED_TOPIC,
        partitions: config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      {
        topic: dlqTopic(config.GOALS_ACHIEVED_TOPIC),
        partitions: 1,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
      {
        topic: config.BAD_EVENTS_TOPIC,
        partitions: 1,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      },
    ]);
    producer = await createProducer(kafka, { logger });
    consumer = createGoalsAchievedConsumer({
      kafka,
      producer,
      badEvents: createBadEventPublisher(producer, config.BAD_EVENTS_TOPIC),
      topic: config.GOALS_ACHIEVED_TOPIC,
      groupId: config.CONSUMER_GROUP,
      concurrency: config.CONSUMER_CONCURRENCY,
      maxUnclassifiedRetries: config.CONSUMER_MAX_UNCLASSIFIED_RETRIES,
      stallMs: config.CONSUMER_STALL_SECONDS * 1000,
      metrics,
      engine,
      onApplied: (applied) => own.evaluated(applied),
    });
  }
  const outbound = createOutboundClient({ allowList: actionAllowList(config) });
  const dispatcher = createActionDispatcher({
    pool,
    logger,
    outbound,
    timeoutMs: config.ACTION_TIMEOUT_MS,
    policy: {
      maxAttempts: config.ACTION_MAX_ATTEMPTS,
      baseDelayMs: config.ACTION_RETRY_BASE_MS,
      maxDelayMs: config.ACTION_RETRY_MAX_MS,
    },
    pollMs: config.ACTION_POLL_MS,
    batchSize: config.ACTION_BATCH_SIZE,
    concurrency: config.ACTION_CONCURRENCY,
    leaseMs: config.ACTION_LEASE_MS,
    onCall: (outcome, seconds) => own.actionCall(outcome, seconds),
  });

  const app = await createHttpApp({
    logger,
    metrics,
    readiness: {
      postgres: () => pingPostgres(pool),
      ...(config.CONSUMER_ENABLED && {
        kafka: () => pingKafka(kafka),
        consumer: async () => consumer?.assertHealthy(),
      }),
    },
    access: {
      caller: internalCaller(config.INTERNAL_API_TOKEN),
      maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary campaign-core',
      description:
        'Campaigns, limits, participation, realizations and actions; called through query-api.',
      securitySchemes: INTERNAL_SECURITY,
    },
  });
  const routeDeps = {
    pool,
    repository,
    goals,
    engine,
    zone: config.TIME_ZONE,
    now,
  };
  registerCampaignRoutes(app, routeDeps);
  registerLimitRoutes(app, routeDeps);
  registerParticipationRoutes(app, routeDeps);
  registerClientDataRoutes(app, routeDeps);
  registerExplainRoutes(app, routeDeps);

  let stopped = false;
  return {
    app,
    engine,
    dispatcher,
    consumer,
    async start() {
      await consumer?.start();
      if (config.ACTION_DISPATCHER_ENABLED) dispatcher.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      await consumer?.stop();
      await dispatcher.stop();
      await outbound.close();
      await producer?.disconnect();
      if (ownsPool) await pool.end();
    },
  };
}
