import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createProducer, type Kafka } from '@tributary/kafka';
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
import { loadGoalsConfig } from './config';
import { Money } from './domain/money';
import { buildGoalsService, type GoalsService } from './service';
import { paymentPayload, seedStream } from './testing/seed-fixtures';

const RECORDS = 20_000;
const CLIENTS = 200;
const ROOT = join(__dirname, '..', '..', '..');

describe('campaign-goals killed mid-batch (SIGKILL) and restarted', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let child: ChildProcess | undefined;
  let restarted: GoalsService | undefined;
  let env: Record<string, string>;
  const expected = new Map<string, { amount: Money; times: number }>();

  const count = async (table: string) =>
    Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = testKafka();
    const [pay, cancel, goals] = (await createTestTopics(
      kafka,
      ['killpay', 'killcancel', 'killgoals'],
      4,
    )) as [string, string, string];
    await db.pool.query('INSERT INTO stream_definitions (stream_id, definition) VALUES ($1, $2)', [
      '1',
      seedStream(pay, cancel),
    ]);
    const goal = {
      'goal-id': 1,
      source: 'stream',
      'stream-id': 1,
      target: '50',
      type: 'times',
      trigger: 'when-reach',
    };
    await db.pool.query(
      `INSERT INTO goal_definitions (goal_id, source, stream_id, definition) VALUES ('1', 'stream', '1', $1)`,
      [goal],
    );
    const producer = await createProducer(kafka);
    const now = Date.now();
    const messages = Array.from({ length: RECORDS }, (_, i) => {
      const client = String(1000 + (i % CLIENTS));
      const amount = `${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`;
      const sum = expected.get(client) ?? { amount: new Money(0), times: 0 };
      expected.set(client, { amount: sum.amount.plus(amount), times: sum.times + 1 });
      return {
        key: client,
        value: JSON.stringify(paymentPayload(client, amount, 'TRL')),
        timestamp: String(now),
      };
    });
    for (let i = 0; i < messages.length; i += 2000)
      await producer.send(pay, messages.slice(i, i + 2000));
    await producer.disconnect();
    env = {
      DATABASE_URL: db.url,
      CONSUMER_GROUP: uniqueName('kill'),
      GOALS_ACHIEVED_TOPIC: goals,
      KAFKA_TOPIC_PARTITIONS: '4',
      // One partition batch at a time: four concurrent batches of the whole topic could all
      // commit within one poll of the kill below, leaving nothing in flight to kill.
      CONSUMER_CONCURRENCY: '1',
      HTTP_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
      LOG_LEVEL: 'silent',
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await restarted?.stop();
    await db?.drop();
  });

  it('ends with the same rows, one ledger entry per record and one realization per client', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'services/campaign-goals/src/main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    await waitFor(async () => (await count('stream_ledger')) >= RECORDS / 10, {
      timeoutMs: 60_000,
      intervalMs: 10,
      message: 'child did not start consuming',
    });
    child.kill('SIGKILL');
    await exited;
    const atKill = await count('stream_ledger');
    expect(atKill).toBeLessThan(RECORDS); // killed mid-stream, not after the end

    restarted = await buildGoalsService(loadGoalsConfig(env), testLogger());
    await restarted.start();
    await waitFor(async () => (await count('stream_ledger')) >= RECORDS, {
      timeoutMs: 60_000,
      message: 'restart did not finish',
    });
    await waitFor(
      async () =>
        restarted!.consumer()?.isRunning() === true &&
        (await count('stream_record_identities')) === RECORDS,
    );

    expect(await count('stream_ledger')).toBe(RECORDS);
    const { rows } = await db.pool.query<{ client_id: string; amount: string; times: number }>(
      'SELECT client_id, amount::text AS amount, times FROM stream_data ORDER BY client_id',
    );
    expect(rows.map((r) => [r.client_id, new Money(r.amount).toString(), r.times])).toEqual(
      [...expected.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, s]) => [c, s.amount.toString(), s.times]),
    );
    expect(await count('goal_realizations')).toBe(CLIENTS);
    expect(await count('goal_outbox')).toBe(CLIENTS);
  });
});
