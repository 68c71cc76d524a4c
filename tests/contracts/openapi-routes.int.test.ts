import type { OpenAPIV3 } from 'openapi-types';
import { routesOf, type HttpApp, type RegisteredRoute } from '@tributary/http';
import {
  TEST_SECRETS,
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
import { loadCategoryReportsConfig } from '../../services/category-reports/src/config';
import { buildCategoryReportsService } from '../../services/category-reports/src/service';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService } from '../../services/ingest-gateway/src/service';
import { loadStitcherConfig } from '../../services/journey-stitcher/src/config';
import { buildStitcherService } from '../../services/journey-stitcher/src/service';
import { buildTestGateway } from '../../services/query-api/src/test-support/test-gateway';
import { loadRealtimeConfig } from '../../services/realtime-analytics/src/config';
import { buildRealtimeService } from '../../services/realtime-analytics/src/service';
import {
  casingViolations,
  familyOf,
  INFRASTRUCTURE_PATH,
  openApiPath,
  PENDING_RESPONSE_SCHEMAS,
  propertyNames,
} from './contract-rules';

/**
 * The API contract, checked against the live routes of every HTTP service, built from its real
 * composition root (nothing listens): every route is either infrastructure (probes, /metrics, the
 * document itself, the docs pages, the dashboard's files) or an operation of the service's
 * /openapi.json with a response schema, and every JSON member name follows the casing rule of its
 * route's family (docs/api.md). Routes are discovered when they are registered, so a route
 * anyone adds is checked without editing this file.
 */
describe('OpenAPI documents against the live routes of every service', () => {
  const apps = new Map<string, HttpApp>();
  const stops: (() => Promise<void>)[] = [];
  let db: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    const kafka = testKafka();
    const [events, journeys, goalsTopic, bad] = (await createTestTopics(
      kafka,
      ['events', 'journeys', 'goals', 'bad'],
      1,
    )) as [string, string, string, string];
    const logger = testLogger('contracts');
    const common = {
      DATABASE_URL: db.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: redis.prefix,
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
      TIME_ZONE: 'UTC',
    };
    const ingest = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: events,
        BAD_EVENTS_TOPIC: bad,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
      }),
      logger,
    );
    stops.push(() => ingest.stop());
    apps.set('ingest-gateway', ingest.app);
    const engine = await buildAttributionService(
      loadAttributionConfig({ ...common, ATTRIBUTION_SCHEDULE_ENABLED: 'false' }),
      logger,
    );
    stops.push(() => engine.stop());
    apps.set('attribution-engine', engine.app);
    const goals = await buildGoalsService(
      loadGoalsConfig({
        ...common,
        CLOCK_MODE: 'replay',
        CONSUMER_GROUP: uniqueName('contracts-goals'),
        GOALS_ACHIEVED_TOPIC: goalsTopic,
        SWEEP_INTERVAL_MS: '3600000',
      }),
      logger,
    );
    stops.push(() => goals.stop());
    apps.set('campaign-goals', goals.app);
    const core = await buildCampaignCoreService(
      loadCampaignCoreConfig({
        ...common,
        GOALS_ACHIEVED_TOPIC: goalsTopic,
        CONSUMER_GROUP: uniqueName('contracts-core'),
        CONSUMER_ENABLED: 'false',
        ACTION_DISPATCHER_ENABLED: 'false',
        CAMPAIGN_GOALS_URL: 'http://127.0.0.1:9',
      }),
      logger,
    );
    stops.push(() => core.stop());
    apps.set('campaign-core', core.app);
    const gateway = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { REDIS_KEY_PREFIX: redis.prefix },
    });
    stops.push(() => gateway.close());
    apps.set('query-api', gateway);
    const stitcher = await buildStitcherService(
      loadStitcherConfig({
        DATABASE_URL: db.url,
        EVENTS_TOPIC: events,
        JOURNEYS_TOPIC: journeys,
        BAD_EVENTS_TOPIC: bad,
        CONSUMER_GROUP: uniqueName('contracts-stitcher'),
        MIGRATE_ON_START: 'false',
        // With erasure on, so that its admin routes are registered and checked too.
        ERASURE_HMAC_SECRET: TEST_SECRETS.jwtSecret,
        INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
        REDIS_URL: testEnv.redisUrl,
        REDIS_KEY_PREFIX: redis.prefix,
      }),
      { logger, kafka },
    );
    stops.push(() => stitcher.stop());
    apps.set('journey-stitcher', stitcher.app);
    const realtime = await buildRealtimeService(
      loadRealtimeConfig({
        REDIS_URL: testEnv.redisUrl,
        REDIS_KEY_PREFIX: redis.prefix,
        EVENTS_TOPIC: events,
        BAD_EVENTS_TOPIC: bad,
        CONSUMER_GROUP: uniqueName('contracts-realtime'),
      }),
      { logger, kafka },
    );
    stops.push(() => realtime.stop());
    apps.set('realtime-analytics', realtime.app);
    const reports = await buildCategoryReportsService(
      loadCategoryReportsConfig({ ...common, REPORT_SCHEDULE_ENABLED: 'false' }),
      logger,
    );
    stops.push(() => reports.stop());
    apps.set('category-reports', reports.app);
    for (const app of apps.values()) await app.ready();
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await Promise.all([redis?.cleanup(), db?.drop()]);
  });

  /** The document a service publishes, or undefined when it publishes none. */
  async function documentOf(app: HttpApp): Promise<OpenAPIV3.Document | undefined> {
    const response = await app.inject('/openapi.json');
    return response.statusCode === 200 ? response.json<OpenAPIV3.Document>() : undefined;
  }

  /** A route's own methods: Fastify's HEAD twin of a GET route is not an operation. */
  const ownRoutes = (app: HttpApp): RegisteredRoute[] => {
    const all = routesOf(app);
    const gets = new Set(all.filter((r) => r.method === 'GET').map((r) => r.url));
    return all.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)));
  };

  it.each([
    'ingest-gateway',
    'query-api',
    'campaign-goals',
    'campaign-core',
    'attribution-engine',
    'journey-stitcher',
    'realtime-analytics',
    'category-reports',
  ])(
    '%s: every route is documented with its answers, and every member name follows its casing rule',
    async (service) => {
      const app = apps.get(service)!;
      const document = await documentOf(app);
      const problems: string[] = [];
      const live = new Set<string>();
      for (const route of ownRoutes(app)) {
        const name = `${service} ${route.method} ${route.url}`;
        const schema = (route.schema ?? {}) as Record<string, unknown>;
        if (schema.hide === true) {
          if (!INFRASTRUCTURE_PATH.test(route.url))
            problems.push(
              `${name}: hidden from the document, but not a probe, docs or asset route`,
            );
          continue;
        }
        const path = openApiPath(route.url);
        live.add(`${route.method} ${path}`);
        const operation =
          document?.paths[path]?.[route.method.toLowerCase() as OpenAPIV3.HttpMethods];
        if (!operation) {
          problems.push(`${name}: not in ${service}'s /openapi.json`);
          continue;
        }
        const response = schema.response as Record<string, unknown> | undefined;
        const answers = Object.keys(response ?? {}).filter((status) => /^[23]/.test(status));
        const pending = PENDING_RESPONSE_SCHEMAS.has(`${service} ${route.method} ${route.url}`);
        if (answers.length === 0 && !pending) problems.push(`${name}: no response schema`);
        if (answers.length > 0 && pending)
          problems.push(
            `${name}: has a response schema now; remove it from PENDING_RESPONSE_SCHEMAS`,
          );
        const family = familyOf(service, route.url);
        const documented = [
          schema.body ?? (operation.requestBody ? operation.requestBody : undefined),
          schema.querystring,
          ...Object.values(response ?? {}),
        ];
        for (const bad of casingViolations(propertyNames(documented), family)) {
          problems.push(`${name}: member "${bad}" is not ${family}`);
        }
      }
      // And the other way: nothing documented that the service does not serve.
      for (const [path, item] of Object.entries(document?.paths ?? {})) {
        for (const method of Object.keys(item ?? {})) {
          if (['parameters', 'summary', 'description', 'servers'].includes(method)) continue;
          const key = `${method.toUpperCase()} ${path}`;
          if (!live.has(key)) problems.push(`${service} ${key}: documented but not served`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('every pending entry names a live route (the list only shrinks)', () => {
    const live = new Set<string>();
    for (const [service, app] of apps) {
      for (const r of routesOf(app)) live.add(`${service} ${r.method} ${r.url}`);
    }
    expect([...PENDING_RESPONSE_SCHEMAS].filter((entry) => !live.has(entry))).toEqual([]);
  });
});
