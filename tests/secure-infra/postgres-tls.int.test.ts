import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import { migrateWarehouse } from '@tributary/migrations';
import { createPool, type Pool } from '@tributary/postgres';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestTopics,
  startTlsPostgres,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TlsPostgres,
} from '@tributary/testing';
import { loadStitcherConfig } from '../../services/journey-stitcher/src/config';
import {
  buildStitcherService,
  type StitcherService,
} from '../../services/journey-stitcher/src/service';
import { sendEvents } from '../../services/journey-stitcher/src/testing/stitcher-harness';

const ROLES_SQL = join(__dirname, '..', '..', 'libs', 'migrations', 'roles', 'least-privilege.sql');

// A managed PostgreSQL's shape: TLS only, passwords, a private CA. The services take all of it
// from DATABASE_URL (node-postgres reads sslmode and sslrootcert from the URL).
describe('PostgreSQL over TLS (sslmode=verify-full) with least-privilege roles', () => {
  let server: TlsPostgres;
  let owner: Pool;
  const pools: Pool[] = [];
  const passwords = new Map<string, string>();
  let verifyFull: Record<string, string>;

  const pool = (url: string) => {
    const created = createPool({ connectionString: url, applicationName: 'tls-test', max: 2 });
    pools.push(created);
    return created;
  };
  const asRole = (role: string) =>
    pool(server.url(verifyFull, role, passwords.get(role), 'tributary'));

  beforeAll(async () => {
    const started = Date.now();
    server = await startTlsPostgres();
    testLogger().info({ ms: Date.now() - started }, 'TLS PostgreSQL ready');
    verifyFull = { sslmode: 'verify-full', sslrootcert: server.certificates.caFile };
    const admin = pool(server.url(verifyFull));
    await admin.query('CREATE DATABASE tributary');
    owner = pool(server.url(verifyFull, 'postgres', server.password, 'tributary'));
    await migrateWarehouse(owner);
    await owner.query(readFileSync(ROLES_SQL, 'utf8'));
    // Run twice: a release re-runs it after its migrations.
    await owner.query(readFileSync(ROLES_SQL, 'utf8'));
    for (const role of ['tributary_query_api', 'tributary_journey_stitcher']) {
      const password = randomBytes(18).toString('base64url');
      passwords.set(role, password);
      await owner.query(`ALTER ROLE ${role} PASSWORD '${password}'`);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await server?.stop();
  });

  it('connects with sslmode=verify-full and the CA file, over TLS', async () => {
    const { rows } = await owner.query<{ ssl: boolean; version: string }>(
      'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    );
    expect(rows[0]).toMatchObject({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) });
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const wrong = pool(
      server.url({ sslmode: 'verify-full', sslrootcert: server.certificates.otherCaFile }),
    );
    await expect(wrong.query('SELECT 1')).rejects.toThrow(/unable to verify the first certificate/);
  });

  it('is refused without TLS (the server takes TCP connections over TLS only)', async () => {
    const plain = pool(server.url({ sslmode: 'disable' }));
    await expect(plain.query('SELECT 1')).rejects.toThrow(/no encryption/);
  });

  it('lets query-api read and never write', async () => {
    const reader = asRole('tributary_query_api');
    await expect(reader.query('SELECT count(*) FROM customer_journeys')).resolves.toBeDefined();
    await expect(reader.query(`UPDATE replay_clock SET now = now() WHERE id`)).rejects.toThrow(
      /read-only transaction|permission denied/,
    );
    await reader.query('SET default_transaction_read_only = off');
    await expect(reader.query(`UPDATE replay_clock SET now = now() WHERE id`)).rejects.toThrow(
      /permission denied for table replay_clock/,
    );
  });

  describe('journey-stitcher as its own role', () => {
    let kafka: Kafka;
    let producer: JsonProducer;
    let service: StitcherService;
    let eventsTopic: string;

    beforeAll(async () => {
      kafka = testKafka();
      let journeysTopic: string;
      [eventsTopic, journeysTopic] = (await createTestTopics(kafka, ['events', 'journeys'])) as [
        string,
        string,
      ];
      producer = await createProducer(kafka);
      service = await buildStitcherService(
        loadStitcherConfig({
          DATABASE_URL: server.url(
            verifyFull,
            'tributary_journey_stitcher',
            passwords.get('tributary_journey_stitcher'),
            'tributary',
          ),
          EVENTS_TOPIC: eventsTopic,
          JOURNEYS_TOPIC: journeysTopic,
          CONSUMER_GROUP: uniqueName('stitcher'),
          KAFKA_TOPIC_PARTITIONS: '3',
          MIGRATE_ON_START: 'false',
        }),
        { logger: testLogger(), kafka },
      );
      // Starting maintains raw_events partitions: DDL through the owner's functions.
      await service.start();
    });
    afterAll(async () => {
      await service?.stop();
      await producer?.disconnect();
    });

    it('stitches a journey writing only its own tables, and may not write anyone else’s', async () => {
      const user = uniqueName('u');
      const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
      const event = (type: string, msAgo: number, over: Partial<CustomerEvent> = {}) =>
        ({
          event_id: randomUUID(),
          type,
          occurred_at: at(msAgo),
          received_at: at(0),
          channel: 'paid_search',
          user_id: user,
          properties: {},
          ...over,
        }) as CustomerEvent;
      const click = event('ad_click', 60_000);
      await sendEvents(producer, eventsTopic, [
        click,
        event('order_completed', 1_000, {
          channel: 'direct',
          properties: { order_id: `${user}-o`, revenue: '10.00', currency: 'EUR' },
        }),
      ]);
      const journey = await waitFor(async () => {
        const { rows } = await owner.query<{ touchpoints: { event_id: string }[] }>(
          'SELECT touchpoints FROM customer_journeys WHERE order_id = $1',
          [`${user}-o`],
        );
        return rows[0];
      });
      expect(journey.touchpoints.map((t) => t.event_id)).toEqual([click.event_id]);

      await expect(
        service.pool.query(`UPDATE replay_clock SET now = now() WHERE id`),
      ).rejects.toThrow(/permission denied for table replay_clock/);
      await expect(service.pool.query('DROP TABLE raw_events_default')).rejects.toThrow(
        /must be owner/,
      );
    });
  });
});
