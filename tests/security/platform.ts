import type { AddressInfo } from 'node:net';
import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  countMessages,
  createTestDatabase,
  createTestRedis,
  createTestTopics,
  testEnv,
  testKafka,
  testLogger,
  uniqueName,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { loadAttributionConfig } from '../../services/attribution-engine/src/config';
import { buildAttributionService } from '../../services/attribution-engine/src/service';
import { loadCampaignCoreConfig } from '../../services/campaign-core/src/config';
import { buildCampaignCoreService } from '../../services/campaign-core/src/service';
import { loadGoalsConfig } from '../../services/campaign-goals/src/config';
import { buildGoalsService } from '../../services/campaign-goals/src/service';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService } from '../../services/ingest-gateway/src/service';
import { loadStitcherConfig } from '../../services/journey-stitcher/src/config';
import { buildStitcherService } from '../../services/journey-stitcher/src/service';
import { buildTestGateway } from '../../services/query-api/src/test-support/test-gateway';

export type ServiceName =
  | 'ingest-gateway'
  | 'query-api'
  | 'campaign-goals'
  | 'campaign-core'
  | 'attribution-engine'
  | 'journey-stitcher';

/** How a service's callers authenticate: decides which credentials count as right and wrong. */
export type CallerKind = 'producer' | 'internal' | 'gateway';

export interface RunningService {
  name: ServiceName;
  kind: CallerKind;
  port: number;
}

export interface Platform {
  services: RunningService[];
  /** Rows in every warehouse table and messages in every topic, to show nothing was written. */
  footprint(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const portOf = (app: HttpApp) => (app.server.address() as AddressInfo).port;
// The suite fails thousands of authentications from one address on purpose.
const GENEROUS = '1000000';

/**
 * Every service with an HTTP API, built from its real composition root over real PostgreSQL,
 * Redis and Kafka, each listening on a loopback port; query-api forwards to the real campaign
 * services and attribution-engine, as deployed.
 */
export async function startPlatform(): Promise<Platform> {
  const db: TestDatabase = await createTestDatabase();
  const redis: TestRedis = await createTestRedis();
  const kafka = testKafka();
  const [events, goalsTopic, badEvents] = (await createTestTopics(
    kafka,
    ['events', 'goals', 'bad'],
    1,
  )) as [string, string, string];
  const logger = testLogger('security');
  const common = {
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    REDIS_KEY_PREFIX: redis.prefix,
    INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
    AUTH_FAILURES_PER_MINUTE: GENEROUS,
    TIME_ZONE: 'UTC',
  };
  const stops: (() => Promise<void>)[] = [];
  const listen = async (app: HttpApp) => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    return portOf(app);
  };

  const ingest = await buildIngestService(
    loadIngestConfig({
      EVENTS_TOPIC: events,
      BAD_EVENTS_TOPIC: badEvents,
      INGEST_API_KEYS: TEST_SECRETS.producerKey,
      AUTH_FAILURES_PER_MINUTE: GENEROUS,
    }),
    logger,
  );
  stops.push(() => ingest.stop());
  const engine = await buildAttributionService(
    loadAttributionConfig({ ...common, ATTRIBUTION_SCHEDULE_ENABLED: 'false' }),
    logger,
  );
  stops.push(() => engine.stop());
  const goals = await buildGoalsService(
    loadGoalsConfig({
      ...common,
      CLOCK_MODE: 'replay',
      CONSUMER_GROUP: uniqueName('security-goals'),
      GOALS_ACHIEVED_TOPIC: goalsTopic,
      SWEEP_INTERVAL_MS: '3600000',
    }),
    logger,
  );
  await goals.start();
  stops.push(() => goals.stop());
  const goalsPort = await listen(goals.app);
  const core = await buildCampaignCoreService(
    loadCampaignCoreConfig({
      ...common,
      GOALS_ACHIEVED_TOPIC: goalsTopic,
      CONSUMER_GROUP: uniqueName('security-core'),
      CONSUMER_ENABLED: 'false',
      ACTION_DISPATCHER_ENABLED: 'false',
      CAMPAIGN_GOALS_URL: `http://127.0.0.1:${goalsPort}`,
    }),
    logger,
  );
  stops.push(() => core.stop());
  const corePort = await listen(core.app);
  const enginePort = await listen(engine.app);
  // With erasure on, journey-stitcher serves the admin erasure and export routes.
  const stitcher = await buildStitcherService(
    loadStitcherConfig({
      ...common,
      EVENTS_TOPIC: events,
      BAD_EVENTS_TOPIC: badEvents,
      JOURNEYS_TOPIC: uniqueName('security-journeys'),
      CONSUMER_GROUP: uniqueName('security-stitcher'),
      MIGRATE_ON_START: 'false',
      ERASURE_HMAC_SECRET: 'tst-erasure-Hq4Zp8Wm2Kx6Rv9Ln3Tc7Yb5Jf1d',
    }),
    { logger, kafka },
  );
  await stitcher.start();
  stops.push(() => stitcher.stop());
  const stitcherPort = await listen(stitcher.app);
  const ingestPort = await listen(ingest.app);
  const gateway = await buildTestGateway({
    redis: redis.redis,
    pool: db.pool,
    env: {
      AUTH_FAILURES_PER_MINUTE: GENEROUS,
      RATE_LIMIT_PER_MINUTE: GENEROUS,
      CAMPAIGN_GOALS_URL: `http://127.0.0.1:${goalsPort}`,
      CAMPAIGN_CORE_URL: `http://127.0.0.1:${corePort}`,
      ATTRIBUTION_ENGINE_URL: `http://127.0.0.1:${enginePort}`,
      JOURNEY_STITCHER_URL: `http://127.0.0.1:${stitcherPort}`,
      REDIS_KEY_PREFIX: redis.prefix,
    },
  });
  stops.push(() => gateway.close());
  const gatewayPort = await listen(gateway);

  // The bad-events topic too: a hostile body is refused whole, never kept as a rejected item.
  const topics = [events, `${events}.dlq`, badEvents, goalsTopic];
  return {
    services: [
      { name: 'ingest-gateway', kind: 'producer', port: ingestPort },
      { name: 'query-api', kind: 'gateway', port: gatewayPort },
      { name: 'campaign-goals', kind: 'internal', port: goalsPort },
      { name: 'campaign-core', kind: 'internal', port: corePort },
      { name: 'attribution-engine', kind: 'internal', port: enginePort },
      { name: 'journey-stitcher', kind: 'internal', port: stitcherPort },
    ],
    async footprint() {
      const counts: Record<string, number> = {};
      const { rows } = await db.pool.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
          WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
      );
      for (const { name } of rows) {
        const result = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
        counts[name] = result.rows[0]?.n ?? 0;
      }
      for (const topic of topics) {
        counts[`topic:${topic}`] = await countMessages(kafka, topic).catch(() => 0);
      }
      return counts;
    },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      await redis.cleanup();
      await db.drop();
    },
  };
}
