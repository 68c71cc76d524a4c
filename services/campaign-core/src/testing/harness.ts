import type { Kafka } from 'kafkajs';
import { createProducer, type LocalJsonProducer } from '@tributary/kafka';
import type { GoalAchievedMessage } from '@tributary/schemas';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestTopics,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadCampaignCoreConfig } from '../config';
import { buildCampaignCoreService, type CampaignCoreService } from '../service';
import { startActionReceiver, type ActionReceiver } from './action-receiver';
import { startCampaignGoalsStub, type CampaignGoalsStub } from './campaign-goals-stub';

export interface Harness {
  db: TestDatabase;
  kafka: Kafka;
  topic: string;
  producer: LocalJsonProducer;
  goals: CampaignGoalsStub;
  receiver: ActionReceiver;
  clock: { at: Date; now: () => Date };
  env: Record<string, string>;
  /** Builds one more service instance (a replica, or a restart) on the same topic and database. */
  startService(overrides?: Record<string, string>): Promise<CampaignCoreService>;
  /** Produces the messages and waits until their realization ids are in the inbox. */
  deliver(
    messages: GoalAchievedMessage[],
    partition?: (m: GoalAchievedMessage, i: number) => number,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Real PostgreSQL and Kafka, local HTTP stand-ins for campaign-goals and the action receiver. */
export async function createHarness(): Promise<Harness> {
  const db = await createTestDatabase();
  const kafka = testKafka();
  const [topic] = (await createTestTopics(kafka, ['goals-achieved'], 3)) as [string];
  const producer = await createProducer(kafka);
  const goals = await startCampaignGoalsStub();
  const receiver = await startActionReceiver();
  const clock = { at: new Date('2021-11-15T09:00:00Z'), now: () => clock.at };
  const services: CampaignCoreService[] = [];
  const env = {
    DATABASE_URL: db.url,
    GOALS_ACHIEVED_TOPIC: topic,
    CONSUMER_GROUP: uniqueName('campaign-core'),
    KAFKA_TOPIC_PARTITIONS: '3',
    CAMPAIGN_GOALS_URL: goals.url,
    // The receiver is on loopback, which only an entry marked +private may reach.
    ACTION_ALLOWED_HOSTS: `http://${receiver.host}+private`,
    ACTION_TIMEOUT_MS: '300',
    ACTION_RETRY_BASE_MS: '20',
    ACTION_RETRY_MAX_MS: '100',
    ACTION_POLL_MS: '20',
    LOG_LEVEL: 'silent',
    INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
  };
  return {
    db,
    kafka,
    topic,
    producer,
    goals,
    receiver,
    clock,
    env,
    async startService(overrides = {}) {
      const config = loadCampaignCoreConfig({ ...env, ...overrides });
      const service = await buildCampaignCoreService(config, testLogger('campaign-core'), {
        pool: db.pool,
        now: clock.now,
      });
      services.push(service);
      await service.start();
      return service;
    },
    async deliver(messages, partition) {
      // The raw producer, because a test may pin partitions (to race two consumers on one client).
      await producer.raw.send({
        topic,
        acks: -1,
        messages: messages.map((m, i) => ({
          key: m['client-id'],
          value: JSON.stringify(m),
          ...(partition && { partition: partition(m, i) }),
        })),
      });
      const ids = [...new Set(messages.map((m) => m['realization-id']))];
      await waitFor(
        async () => {
          const { rows } = await db.pool.query<{ n: string }>(
            'SELECT count(*) AS n FROM campaign_goal_inbox WHERE realization_id = ANY($1)',
            [ids],
          );
          return Number(rows[0]?.n) === ids.length;
        },
        { timeoutMs: 30_000, message: 'goal events not applied' },
      );
    },
    async close() {
      for (const service of services) await service.stop();
      await producer.disconnect();
      await goals.close();
      await receiver.close();
      await db.drop();
    },
  };
}
