import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  TEST_SECRETS,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
} from '@tributary/testing';
import { gatewaySink, parseCategoryMap, readRecords, runLoad } from '@tributary/loader';
import { loadIngestConfig } from './config';
import { buildIngestService, type IngestService } from './service';

const root = join(__dirname, '..', '..', '..');

describe('loader through the gateway (real Kafka)', () => {
  let service: IngestService;
  let url: string;
  let topic: string;
  const kafka = testKafka();

  beforeAll(async () => {
    [topic] = (await createTestTopics(kafka, ['events'], 2)) as [string];
    service = await buildIngestService(
      loadIngestConfig({ EVENTS_TOPIC: topic, INGEST_API_KEYS: TEST_SECRETS.producerKey }),
      testLogger(),
    );
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => service.stop());

  it('replays the case’s own orders with assigned event times and reports rejected lines with reasons', async () => {
    const orders = readFileSync(join(root, 'datasets/hepsiburada-case/orders.json'), 'utf8')
      .split('\n')
      .slice(0, 40);
    const dir = mkdtempSync(join(tmpdir(), 'loader-'));
    const file = join(dir, 'orders.jsonl');
    writeFileSync(file, `${orders.join('\n')}\n{broken\n`);
    const categories = parseCategoryMap(
      readFileSync(join(root, 'datasets/hepsiburada-case/product-category-map.csv'), 'utf8'),
    );
    const start = new Date(Date.now() - 3_600_000);
    const summary = await runLoad(
      readRecords(file, 'jsonl'),
      gatewaySink(url, TEST_SECRETS.producerKey),
      {
        batchSize: 15,
        ratePerSecond: 0,
        times: { mode: 'spread', start, spanMs: 3_600_000, total: 41 },
        categories,
      },
    );
    expect(summary).toEqual({
      read: 41,
      accepted: 40,
      rejected: 1,
      reasons: [{ reason: 'not valid JSON', count: 1 }],
    });

    const messages = await readTopic(kafka, topic, 40);
    const events = messages.map(
      (m) =>
        JSON.parse(m.value) as {
          type: string;
          occurred_at: string;
          properties: { items: { category_id?: string }[] };
        },
    );
    expect(events.every((e) => e.type === 'order_completed')).toBe(true);
    const times = events.map((e) => Date.parse(e.occurred_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start.getTime());
    expect(Math.max(...times)).toBeLessThan(start.getTime() + 3_600_000);
    expect(
      events.every((e) => e.properties.items.every((i) => i.category_id?.startsWith('category-'))),
    ).toBe(true);
  });
});
