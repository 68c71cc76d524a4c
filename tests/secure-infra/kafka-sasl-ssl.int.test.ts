import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import {
  createKafka,
  KafkaAccessError,
  kafkaSecurityFromEnv,
  type KafkaSecurity,
} from '@tributary/kafka';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  startSecureKafka,
  testLogger,
  uniqueName,
  waitFor,
  type SecureKafka,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService, type IngestService } from '../../services/ingest-gateway/src/service';
import { loadStitcherConfig } from '../../services/journey-stitcher/src/config';
import {
  buildStitcherService,
  type StitcherService,
} from '../../services/journey-stitcher/src/service';
import { loadRealtimeConfig } from '../../services/realtime-analytics/src/config';
import {
  buildRealtimeService,
  type RealtimeService,
} from '../../services/realtime-analytics/src/service';

// A managed Kafka's shape: SASL over TLS with a private CA. Every service is configured by the
// same variables a deployment sets, so this is the path production takes.
describe('intake -> journey-stitcher -> realtime-analytics over SASL_SSL', () => {
  let broker: SecureKafka;
  let db: TestDatabase;
  let redis: TestRedis;
  let gateway: IngestService;
  let stitcher: StitcherService;
  let realtime: RealtimeService;
  const eventsTopic = uniqueName('events');
  const journeysTopic = uniqueName('journeys');

  beforeAll(async () => {
    const started = Date.now();
    [broker, db, redis] = await Promise.all([
      startSecureKafka(),
      createTestDatabase(),
      createTestRedis(),
    ]);
    testLogger().info({ ms: Date.now() - started }, 'secure broker ready');
    const kafkaEnv = { ...broker.env, KAFKA_TOPIC_PARTITIONS: '2' };
    gateway = await buildIngestService(
      loadIngestConfig({
        ...kafkaEnv,
        EVENTS_TOPIC: eventsTopic,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
      }),
      testLogger(),
    );
    stitcher = await buildStitcherService(
      loadStitcherConfig({
        ...kafkaEnv,
        DATABASE_URL: db.url,
        EVENTS_TOPIC: eventsTopic,
        JOURNEYS_TOPIC: journeysTopic,
        CONSUMER_GROUP: uniqueName('stitcher'),
        EXCLUDED_CHANNELS: 'none',
        MIGRATE_ON_START: 'false',
      }),
      { logger: testLogger() },
    );
    realtime = await buildRealtimeService(
      loadRealtimeConfig({
        ...kafkaEnv,
        EVENTS_TOPIC: eventsTopic,
        CONSUMER_GROUP: uniqueName('realtime'),
        REDIS_KEY_PREFIX: redis.prefix,
        SWEEP_INTERVAL_MS: '200',
      }),
      { logger: testLogger() },
    );
    await Promise.all([stitcher.start(), realtime.start()]);
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await stitcher?.stop();
    await realtime?.stop();
    await redis?.cleanup();
    await db?.drop();
    await broker?.stop();
  });

  it('takes events in through the gateway and yields a stitched journey and a 5-minute view', async () => {
    const user = uniqueName('u');
    const orderId = `${user}-order`;
    const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
    const click = {
      event_id: randomUUID(),
      type: 'ad_click',
      occurred_at: at(60),
      user_id: user,
      properties: { utm_source: 'google', utm_medium: 'cpc' },
    };
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': TEST_SECRETS.producerKey },
      payload: {
        events: [
          click,
          {
            event_id: randomUUID(),
            type: 'product_view',
            occurred_at: at(30),
            user_id: user,
            platform: 'web',
            properties: { product_id: 'p-1', category_id: 'shoes' },
          },
          {
            event_id: randomUUID(),
            type: 'order_completed',
            occurred_at: at(10),
            user_id: user,
            properties: { order_id: orderId, revenue: '120.50', currency: 'EUR' },
          },
        ],
      },
    });
    expect(response.json()).toMatchObject({ accepted: 3, rejected: 0 });

    const journey = await waitFor(async () => {
      const { rows } = await db.pool.query<{ touchpoints: { event_id: string }[] }>(
        'SELECT touchpoints FROM customer_journeys WHERE order_id = $1',
        [orderId],
      );
      return rows[0];
    });
    expect(journey.touchpoints.map((t) => t.event_id)).toContain(click.event_id);

    const view = await waitFor(async () => {
      const answer = await realtime.reader.users({ now: Date.now() });
      return answer.total_views === 1 && answer;
    });
    expect(view.users).toEqual([expect.objectContaining({ user_id: user, views: 1 })]);
  });

  async function topicsSeenWith(brokers: string[], security: KafkaSecurity): Promise<string[]> {
    const admin = createKafka({
      brokers,
      clientId: 'check',
      logger: testLogger(),
      security,
    }).admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }

  it.each(['plain', 'scram-sha-256'] as const)(
    'connects with SASL %s over the same TLS listener',
    async (mechanism) => {
      const who = mechanism === 'plain' ? broker.plainUser : broker.scramUser;
      expect(await topicsSeenWith(broker.brokers, broker.security(who, mechanism))).toContain(
        eventsTopic,
      );
    },
  );

  it('connects with a client certificate (mutual TLS) configured by the KAFKA_SSL_* files', async () => {
    const security = kafkaSecurityFromEnv({
      KAFKA_SSL_CA_FILE: broker.certificates.caFile,
      KAFKA_SSL_CERT_FILE: broker.certificates.clientCertFile,
      KAFKA_SSL_KEY_FILE: broker.certificates.clientKeyFile,
    });
    expect(await topicsSeenWith(broker.mtlsBrokers, security)).toContain(eventsTopic);
  });

  it('(and that listener refuses a client without a certificate)', async () => {
    const [host, port] = broker.mtlsBrokers[0]!.split(':') as [string, string];
    const refusal = await new Promise<Error | undefined>((resolve) => {
      const socket = connect({
        host,
        port: Number(port),
        ca: readFileSync(broker.certificates.caFile),
      });
      socket.once('error', (err: Error) => resolve(err));
      socket.once('close', () => resolve(undefined));
    });
    expect(refusal?.message).toMatch(/alert (bad certificate|certificate required)/i);
  });

  it('fails fast on a wrong password, naming mechanism and user but not the password', async () => {
    const wrong = { username: broker.scramUser.username, password: 'not-the-password-1234' };
    const config = loadIngestConfig({
      ...broker.env,
      KAFKA_SASL_PASSWORD: wrong.password,
      EVENTS_TOPIC: eventsTopic,
      INGEST_API_KEYS: TEST_SECRETS.producerKey,
    });
    const started = Date.now();
    const failure = await buildIngestService(config, testLogger()).then(
      () => new Error('started with a wrong password'),
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failure).toBeInstanceOf(KafkaAccessError);
    const message = (failure as Error).message;
    expect(message).toContain('SCRAM-SHA-512');
    expect(message).toContain(`"${wrong.username}"`);
    expect(message).toContain('authentication failed');
    expect(message).not.toContain(wrong.password);
  });

  it('refuses a broker whose certificate another CA signed, naming TLS', async () => {
    const started = Date.now();
    const config = loadIngestConfig({
      ...broker.env,
      KAFKA_SSL_CA_FILE: broker.certificates.otherCaFile,
      EVENTS_TOPIC: eventsTopic,
      INGEST_API_KEYS: TEST_SECRETS.producerKey,
    });
    const failure = await buildIngestService(config, testLogger()).then(
      () => new Error('trusted a certificate of another CA'),
      (err: unknown) => err,
    );
    expect((failure as Error).message).toMatch(/TLS failed/);
    expect(failure).toBeInstanceOf(KafkaAccessError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
