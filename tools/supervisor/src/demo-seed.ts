import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRandom,
  demoFxRates,
  fxRatesCsv,
  generatePaymentTraffic,
  generateTraffic,
} from '@tributary/demo-data';
import { gatewaySink, parseCategoryMap, readRecords, runLoad } from '@tributary/loader';
import { createKafka, createProducer, ensureTopics, kafkaSecurityFromEnv } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { demoCampaignConfig } from './demo-campaign';
import { DEMO, demoTruthFile } from './services';

const API = 'http://127.0.0.1:8080';
const GATEWAY = 'http://127.0.0.1:8081';

export interface DemoContext {
  root: string;
  logger: Logger;
  say: (line: string) => void;
}

async function api(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: {
      'x-api-key': key,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

/**
 * Thirty days of synthetic traffic ending 65 days ago, through the gateway: old enough that the
 * journeys' 30-day lookback has passed, so the non-converting paths the data-driven models need
 * are settled and can be swept.
 */
export const SYNTHETIC_DAYS = { endDaysAgo: 65, days: 30 };
/** Payment CDC covers the 20 days before now (see configureCampaign). */
const PAYMENT_DAYS = 20;

/** The case's product -> category map: the one truth for every product-N the demo sends. */
export function caseCategoryMap(root: string): Map<string, string> {
  return parseCategoryMap(
    readFileSync(join(root, 'datasets/hepsiburada-case/product-category-map.csv'), 'utf8'),
  );
}

/**
 * The FX rates the demo's own data needs (orders in USD/EUR reported in TRY, USD payments into
 * TRL streams), for every date from before the synthetic traffic to after today, as the CSV the
 * documented `load-fx-rates` command loads. Returns the file's path.
 */
export function writeDemoFxRates(root: string, now = Date.now()): string {
  const day = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const oldest = Math.max(SYNTHETIC_DAYS.endDaysAgo + SYNTHETIC_DAYS.days, PAYMENT_DAYS);
  const dir = join(root, '.run', 'demo');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fx-rates.csv');
  writeFileSync(file, fxRatesCsv(demoFxRates(day(oldest + 2), day(-2))));
  return file;
}

export async function loadSyntheticTraffic(ctx: DemoContext): Promise<number> {
  const dir = join(ctx.root, '.run', 'demo');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const end = new Date(Date.now() - SYNTHETIC_DAYS.endDaysAgo * 86_400_000);
  const options = {
    seed: 42,
    users: 2000,
    products: 1000,
    categories: 20,
    paymentClients: 30,
    start: new Date(end.getTime() - SYNTHETIC_DAYS.days * 86_400_000),
    spanMs: SYNTHETIC_DAYS.days * 86_400_000,
    categoryMap: caseCategoryMap(ctx.root),
  };
  const truth = generateTraffic(options, (events) =>
    events.forEach((e) => lines.push(JSON.stringify(e))),
  );
  writeFileSync(join(dir, 'events.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(demoTruthFile(ctx.root), `${JSON.stringify(truth, null, 2)}\n`);
  const summary = await runLoad(
    readRecords(join(dir, 'events.jsonl'), 'jsonl'),
    gatewaySink(GATEWAY, DEMO.producerKey),
    {
      batchSize: 500,
      ratePerSecond: 0,
      times: { mode: 'keep' },
      categories: new Map(),
    },
  );
  ctx.say(
    `synthetic traffic: ${summary.accepted} events accepted, ${summary.rejected} rejected (${truth.orders} orders)`,
  );
  return summary.accepted;
}

/** The e-commerce case's orders, and views in its format, spread over the last complete hour. */
export async function loadCaseData(ctx: DemoContext): Promise<string> {
  const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
  const categories = caseCategoryMap(ctx.root);
  const random = createRandom(7);
  const products = [...categories.keys()];
  const viewsFile = join(ctx.root, '.run', 'demo', 'case-views.jsonl');
  const views = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({
      event: 'ProductView',
      messageid: `demo-view-${i}`,
      userid: `user-${random.int(1, 500)}`,
      properties: { productid: random.pick(products) },
      context: { source: random.pick(['desktop', 'mobile-app', 'mobile-web']) },
    }),
  );
  writeFileSync(viewsFile, `${views.join('\n')}\n`);
  const spread = (total: number) => ({
    mode: 'spread' as const,
    start: hourStart,
    spanMs: 3_599_000,
    total,
  });
  const sink = gatewaySink(GATEWAY, DEMO.producerKey);
  const viewed = await runLoad(readRecords(viewsFile, 'jsonl'), sink, {
    batchSize: 1000,
    ratePerSecond: 0,
    times: spread(20_000),
    categories,
  });
  const ordered = await runLoad(
    readRecords(join(ctx.root, 'datasets/hepsiburada-case/orders.json'), 'json'),
    sink,
    {
      batchSize: 1000,
      ratePerSecond: 0,
      times: spread(20_000),
      categories,
    },
  );
  ctx.say(
    `e-commerce case: ${viewed.accepted} views and ${ordered.accepted} orders in the hour from ${hourStart.toISOString()}`,
  );
  return hourStart.toISOString().slice(0, 13);
}

/** Configures the seed's stream, goals, umbrella and campaign 9001, then replays payment CDC. */
export async function configureCampaign(ctx: DemoContext): Promise<void> {
  const config = demoCampaignConfig(DEMO.receiverPort);
  const results = [
    await api('POST', '/v1/streams', DEMO.operatorKey, config.stream),
    ...(await Promise.all(config.goals.map((g) => api('POST', '/v1/goals', DEMO.operatorKey, g)))),
    await api('POST', '/v1/campaign-limits', DEMO.operatorKey, config.umbrella),
    await api('POST', '/v1/campaigns', DEMO.operatorKey, config.campaign),
  ];
  const failed = results.filter((r) => r.status >= 300 && r.status !== 409);
  if (failed.length)
    ctx.say(
      `campaign configuration: ${failed.length} calls failed: ${JSON.stringify(failed.map((f) => f.json)).slice(0, 400)}`,
    );
  const kafka = createKafka({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'demo-payments',
    logger: ctx.logger,
    security: kafkaSecurityFromEnv(process.env),
  });
  await ensureTopics(
    kafka,
    ['cdc_payments.pay', 'cdc_payments.cancels'].map((topic) => ({
      topic,
      partitions: 3,
      replicationFactor: 1,
    })),
  );
  const producer = await createProducer(kafka);
  const now = Date.now();
  const { payments, cancels } = generatePaymentTraffic({
    seed: 42,
    users: 0,
    products: 0,
    categories: 0,
    paymentClients: 30,
    start: new Date(now - PAYMENT_DAYS * 86_400_000),
    spanMs: PAYMENT_DAYS * 86_400_000 - 60_000,
  });
  await producer.sendJson(
    'cdc_payments.pay',
    payments.map((p) => ({ key: p.data.custId, value: p })),
  );
  await producer.sendJson(
    'cdc_payments.cancels',
    cancels.map((p) => ({ key: p.data.custId, value: p })),
  );
  await producer.disconnect();
  ctx.say(
    `campaign 9001 configured; ${payments.length} payments and ${cancels.length} cancellations sent to cdc_payments.*`,
  );
}

/** The attribution window covering the synthetic traffic (a day of margin on each side). */
export function syntheticDateRange(now = Date.now()): { date_from: string; date_to: string } {
  const day = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return {
    date_from: day(SYNTHETIC_DAYS.endDaysAgo + SYNTHETIC_DAYS.days + 1),
    date_to: day(SYNTHETIC_DAYS.endDaysAgo - 1),
  };
}

export async function triggerAttribution(ctx: DemoContext): Promise<void> {
  const range = syntheticDateRange();
  const run = await api('POST', '/v1/attribution/runs', DEMO.operatorKey, range);
  ctx.say(
    `attribution run over ${range.date_from}..${range.date_to} requested: HTTP ${run.status}`,
  );
}

/**
 * A few product views every second, stamped now, so the 5-minute views stay alive; products and
 * their categories come from the case's map, so live traffic never re-files a product.
 */
export function startLiveViews(ctx: DemoContext): () => void {
  const random = createRandom(99);
  const catalogue = [...caseCategoryMap(ctx.root)];
  const sink = gatewaySink(GATEWAY, DEMO.producerKey, 0);
  let n = 0;
  const timer = setInterval(() => {
    const events = Array.from({ length: random.int(3, 12) }, () => {
      n += 1;
      const [productId, categoryId] = random.pick(catalogue);
      return {
        event_id: `live-${Date.now()}-${n}`,
        type: 'product_view',
        occurred_at: new Date().toISOString(),
        user_id: `user-${random.int(1, 300)}`,
        platform: random.pick(['web', 'ios', 'android']),
        properties: { product_id: productId, category_id: categoryId },
      };
    });
    sink.send(events).catch((err: unknown) => ctx.logger.warn({ err }, 'live views not sent'));
  }, 1_000);
  return () => clearInterval(timer);
}
