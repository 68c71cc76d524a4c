import { createClock, type Clock } from '@tributary/clock';
import { splitList } from '@tributary/config';
import { INTERNAL_SECURITY, internalCaller, createHttpApp, type HttpApp } from '@tributary/http';
import {
  createBadEventPublisher,
  createConsumerRunner,
  createKafka,
  createProducer,
  dlqTopic,
  ensureTopics,
  pingKafka,
  type ConsumerRunner,
  type JsonProducer,
  type Kafka,
  type TopicSpec,
  kafkaSecurityFrom,
} from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { counter, createMetricsRegistry, gauge } from '@tributary/metrics';
import { createOutboundClient } from '@tributary/outbound';
import { createPool, pingPostgres, type Pool } from '@tributary/postgres';
import { allowListOf, type GoalsConfig } from './config';
import { createAdhocChecker } from './adapters/adhoc-checker';
import { createHostCircuitBreakers } from './domain/host-circuit-breakers';
import { createConfigRegistry } from './adapters/config-registry';
import { createDefinitionRepository } from './adapters/definition-repository';
import { cachedFxProvider, tableFxProvider, tableThenHttpFxProvider } from './adapters/fx-rates';
import { createReadQueries } from './adapters/read-queries';
import { createStreamRecordHandler, decodeSourceRecord } from './consumers/stream-record-handler';
import { registerAdminRoutes } from './http/admin-routes';
import { registerCheckRoutes } from './http/check-routes';
import { registerDataRoutes } from './http/data-routes';
import { registerDefinitionRoutes } from './http/definition-routes';
import {
  ensureLedgerPartitions,
  runCompletionSweep,
  type SweepResult,
} from './jobs/completion-sweep';
import { startOutboxRelay, type OutboxRelay } from './jobs/outbox-relay';
import { createGoalsMetrics } from './metrics';

export interface GoalsService {
  app: HttpApp;
  pool: Pool;
  kafka: Kafka;
  clock: Clock;
  /** Starts the consumer (once a stream exists), the relay, the sweep timer and the refresher. */
  start(): Promise<void>;
  sweep(): Promise<SweepResult>;
  /** Publishes pending goals.achieved now (tests and shutdown). */
  flushOutbox(): Promise<number>;
  consumer(): ConsumerRunner | undefined;
  /** Ordered shutdown: HTTP, timers, consumer (commits in-flight), relay, producer, clock, pool. */
  stop(): Promise<void>;
}

/** Composition root: config -> pg, Kafka, clock -> repositories -> handler, jobs -> HTTP routes. */
export async function buildGoalsService(
  config: GoalsConfig,
  logger: Logger,
): Promise<GoalsService> {
  const metrics = createMetricsRegistry('campaign-goals');
  const pool = createPool(
    {
      connectionString: config.DATABASE_URL,
      applicationName: 'campaign-goals',
      max: config.PG_POOL_MAX,
    },
    logger,
  );
  const own = createGoalsMetrics(metrics, pool);
  const kafka = createKafka({
    brokers: splitList(config.KAFKA_BROKERS),
    clientId: config.KAFKA_CLIENT_ID ?? 'campaign-goals',
    security: kafkaSecurityFrom(config),
    logger,
  });
  const clock = await createClock({ mode: config.CLOCK_MODE, pool, logger });
  const repo = createDefinitionRepository(pool);
  const registry = createConfigRegistry(repo, config.TIME_ZONE, logger);
  const reads = createReadQueries(pool);
  const fxOutbound = createOutboundClient({ allowList: allowListOf(config, 'FX_ALLOWED_HOSTS') });
  const adhocOutbound = createOutboundClient({
    allowList: allowListOf(config, 'ADHOC_ALLOWED_HOSTS'),
  });
  const fx = cachedFxProvider(
    config.FX_HTTP_URL_TEMPLATE
      ? tableThenHttpFxProvider(
          pool,
          {
            urlTemplate: config.FX_HTTP_URL_TEMPLATE,
            outbound: fxOutbound,
            timeoutMs: config.FX_TIMEOUT_MS,
            retries: 2,
            observe: (outcome, seconds) => own.call('fx', outcome, seconds),
          },
          logger,
        )
      : tableFxProvider(pool),
  );
  const circuitOpen = gauge(
    metrics,
    'campaign_goals_adhoc_circuit_open',
    'Whether the circuit of an ad-hoc query host is open (1, half-open included) or closed (0)',
    ['host'],
  );
  const circuitOpened = counter(
    metrics,
    'campaign_goals_adhoc_circuit_opened_total',
    'Times the circuit of an ad-hoc query host opened (its checks then fail fast)',
    ['host'],
  );
  const check = createAdhocChecker(
    pool,
    {
      outbound: adhocOutbound,
      timeoutMs: config.ADHOC_TIMEOUT_MS,
      retries: config.ADHOC_RETRIES,
      observe: (outcome, seconds) => own.call('adhoc', outcome, seconds),
      breakers: createHostCircuitBreakers({
        failureThreshold: config.ADHOC_HOST_BREAKER_FAILURES,
        cooldownMs: config.ADHOC_HOST_BREAKER_COOLDOWN_MS,
        onStateChange: (host, state) => {
          circuitOpen.set({ host }, state === 'closed' ? 0 : 1);
          if (state === 'open') {
            circuitOpened.inc({ host });
            logger.warn({ host }, 'ad-hoc host circuit opened: its checks answer false for now');
          } else logger.info({ host, state }, 'ad-hoc host circuit changed');
        },
      }),
    },
    logger,
  );
  if (config.ALLOW_INSECURE_DEV_SECRETS) {
    logger.warn(
      'ALLOW_INSECURE_DEV_SECRETS=true: weak or demo secrets accepted (local development only)',
    );
  }

  let producer: JsonProducer | undefined;
  let relay: OutboxRelay | undefined;
  let runner: ConsumerRunner | undefined;
  let subscribed: readonly string[] = [];
  const timers: NodeJS.Timeout[] = [];
  const kickRelay = () => relay?.kick();

  const handle = createStreamRecordHandler({
    pool,
    registry,
    fx,
    clock,
    zone: config.TIME_ZONE,
    logger,
    onRealized: kickRelay,
  });
  const sweep = async () => {
    const result = await runCompletionSweep({
      pool,
      registry,
      clock,
      logger,
      onRealized: kickRelay,
    });
    own.swept(result.realized);
    return result;
  };
  const topicSpec = (topic: string, partitions: number): TopicSpec => ({
    topic,
    partitions,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
  });

  // One change at a time: a resubscribe restarts the consumer. Each sync starts from the previous
  // one's end, whether it failed or not: a failed reload (PostgreSQL away for a few seconds) must
  // not poison the chain, so the next tick reloads again. `subscribed` moves only on success, so a
  // failed start or resubscribe is tried again on the next tick (and /readyz is red meanwhile);
  // a consumer stopped on purpose is left alone, a crashed one restarts itself (the runner).
  let subscription = Promise.resolve();
  const syncSubscription = (): Promise<void> => {
    subscription = subscription
      .catch(() => undefined)
      .then(async () => {
        const topics = (await registry.reload()).topics;
        if (!producer || topics.join() === subscribed.join()) return;
        await ensureTopics(
          kafka,
          topics.flatMap((t) => [
            topicSpec(t, config.KAFKA_TOPIC_PARTITIONS),
            topicSpec(dlqTopic(t), 1),
          ]),
        );
        if (topics.length === 0) {
          await runner?.stop();
        } else if (!runner) {
          runner = createConsumerRunner({
            kafka,
            groupId: config.CONSUMER_GROUP,
            topics: [...topics],
            decode: decodeSourceRecord,
            handle: async (records) => own.batch(await handle(records)),
            producer,
            badEvents: createBadEventPublisher(producer, config.BAD_EVENTS_TOPIC),
            logger,
            metrics,
            partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
            maxUnclassifiedRetries: config.CONSUMER_MAX_UNCLASSIFIED_RETRIES,
            stallMs: config.CONSUMER_STALL_SECONDS * 1000,
          });
          await runner.start();
        } else {
          await runner.resubscribe([...topics]);
        }
        subscribed = topics;
        logger.info({ topics }, 'subscribed to stream source topics');
      });
    return subscription;
  };

  const app = await createHttpApp({
    logger,
    metrics,
    readiness: {
      postgres: () => pingPostgres(pool),
      kafka: () => pingKafka(kafka),
      // No stream source yet means nothing to consume; otherwise the consumer must be running.
      consumer: async () => {
        if (subscribed.length > 0) runner?.assertHealthy();
      },
    },
    access: {
      caller: internalCaller(config.INTERNAL_API_TOKEN),
      maxFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    metricsExposure: { public: config.METRICS_PUBLIC, port: config.METRICS_PORT },
    accessLogSampleRate: config.ACCESS_LOG_SAMPLE_RATE,
    openApi: {
      title: 'Tributary campaign-goals',
      description: 'Streams, stream data, goals and ad-hoc checks; called through query-api.',
      securitySchemes: INTERNAL_SECURITY,
    },
  });
  registerDefinitionRoutes(app, {
    repo,
    registry,
    zone: config.TIME_ZONE,
    now: () => clock.now(),
    onStreamsChanged: syncSubscription,
    onGoalsChanged: async () => void (await registry.reload()),
  });
  registerDataRoutes(app, { reads, registry, now: () => clock.now() });
  registerCheckRoutes(app, { registry, check, reads, now: () => clock.now() });
  registerAdminRoutes(app, { pool, clock, sweep });

  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      job()
        .catch((err: unknown) => logger.error({ err, job: name }, 'periodic job failed'))
        .finally(() => {
          busy = false;
        });
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    app,
    pool,
    kafka,
    clock,
    async start() {
      await ensureLedgerPartitions(pool, logger);
      // The .dlq too: the outbox relay dead-letters a row the broker refuses for good.
      await ensureTopics(kafka, [
        topicSpec(config.GOALS_ACHIEVED_TOPIC, config.KAFKA_TOPIC_PARTITIONS),
        topicSpec(dlqTopic(config.GOALS_ACHIEVED_TOPIC), 1),
        topicSpec(config.BAD_EVENTS_TOPIC, 1),
      ]);
      producer = await createProducer(kafka, { logger });
      relay = startOutboxRelay({
        pool,
        producer,
        topic: config.GOALS_ACHIEVED_TOPIC,
        logger,
        intervalMs: config.OUTBOX_INTERVAL_MS,
      });
      await sweep();
      await syncSubscription();
      relay.kick();
      every(config.SWEEP_INTERVAL_MS, 'sweep', async () => {
        await ensureLedgerPartitions(pool, logger);
        await sweep();
      });
      every(config.CONFIG_REFRESH_MS, 'config-refresh', syncSubscription);
    },
    sweep,
    flushOutbox: () => relay?.flush() ?? Promise.resolve(0),
    consumer: () => runner,
    stop: once(async () => {
      await app.close();
      timers.forEach((t) => clearInterval(t));
      await subscription.catch(() => undefined);
      await runner?.stop();
      await relay?.stop();
      await producer?.disconnect();
      await Promise.all([fxOutbound.close(), adhocOutbound.close()]);
      clock.close();
      await pool.end();
    }),
  };
}

/** `stop()` twice (a signal during shutdown, a test's cleanup) runs the shutdown once. */
function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}
