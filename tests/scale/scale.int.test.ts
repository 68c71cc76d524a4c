// Scale-out on a 3-node Kafka cluster (issue 20): two instances of every service behind a
// round-robin client, a broker and service instances SIGKILLed and brought back during traffic,
// a third stitcher joining (a consumer-group rebalance), then the same end results as the input
// implies. `npm run test:scale` (SCALE_FULL=1) also runs the undisturbed one-of-each system on
// the shared broker first and compares the warehouse tables row by row; the CI run (the normal
// integration tier) is the reduced form: fewer instances and faults, checks against the truth.
// Run after `npx tsc -b tsconfig.build.json`: the services start from their dist/main.js.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fxRatesCsv } from '@tributary/demo-data';
import type { Pool } from '@tributary/postgres';
import type { CustomerEventInput } from '@tributary/schemas';
import { connectClient } from '../system/system-client';
import { ROOT, startSystem, type ServiceName, type SystemOptions } from '../system/system-harness';
import {
  buildInput,
  CATEGORY_MAP_FILE,
  paymentRecords,
  stampLiveViews,
  type SystemInput,
} from '../system/system-input';
import { configureCampaign, loadReferenceData, startReceiver } from '../system/system-scenario';
import { verifyEndResults, type SystemUnderCheck } from '../system/system-verify';
import { startKafkaCluster, type KafkaCluster } from './kafka-cluster';

const FULL = process.env.SCALE_FULL === '1';
jest.setTimeout(FULL ? 1_800_000 : 600_000);

/** Something done to the system after a slice of traffic was sent. */
type Fault =
  | { kind: 'kill-broker'; node: number }
  | { kind: 'restart-broker'; node: number }
  | { kind: 'restart'; service: ServiceName; instance: number }
  | { kind: 'add'; service: ServiceName };

const CONSUMERS_AND_SCHEDULERS: ServiceName[] = [
  'ingest-gateway',
  'journey-stitcher',
  'realtime-analytics',
  'campaign-goals',
  'campaign-core',
  'attribution-engine',
  'category-reports',
];

/** Full: two of each; every one of them loses an instance. Reduced (CI): the event path only. */
const PLAN = FULL
  ? {
      slices: 8,
      instances: Object.fromEntries(CONSUMERS_AND_SCHEDULERS.map((s) => [s, 2])),
      faults: [
        [{ kind: 'kill-broker', node: 2 }],
        [
          { kind: 'restart', service: 'journey-stitcher', instance: 1 },
          { kind: 'restart', service: 'realtime-analytics', instance: 0 },
        ],
        [
          { kind: 'restart-broker', node: 2 },
          { kind: 'restart', service: 'campaign-goals', instance: 1 },
        ],
        [
          { kind: 'restart', service: 'campaign-core', instance: 0 },
          { kind: 'restart', service: 'ingest-gateway', instance: 1 },
        ],
        [
          { kind: 'restart', service: 'attribution-engine', instance: 1 },
          { kind: 'restart', service: 'category-reports', instance: 0 },
        ],
        [{ kind: 'add', service: 'journey-stitcher' }],
      ] as Fault[][],
    }
  : {
      slices: 4,
      instances: { 'ingest-gateway': 2, 'journey-stitcher': 2, 'realtime-analytics': 2 },
      faults: [
        [{ kind: 'kill-broker', node: 2 }],
        [
          { kind: 'restart', service: 'journey-stitcher', instance: 1 },
          { kind: 'restart-broker', node: 2 },
        ],
        [{ kind: 'add', service: 'journey-stitcher' }],
      ] as Fault[][],
    };

/** Seconds between slices: traffic at a steady rate, faults landing while it is consumed. */
const PACE_MS = 2_000;

async function setUp(input: SystemInput, options: SystemOptions): Promise<SystemUnderCheck> {
  const receiver = await startReceiver();
  const system = await startSystem(receiver.port, options).catch(async (error: unknown) => {
    await receiver.close();
    throw error;
  });
  const client = await connectClient(system);
  const ctx = { system, client, receiver, input };
  try {
    const rates = join(mkdtempSync(join(tmpdir(), 'tributary-scale-fx-')), 'fx-rates.csv');
    writeFileSync(rates, fxRatesCsv(input.fxRates));
    await loadReferenceData(client, rates, join(ROOT, CATEGORY_MAP_FILE));
    await configureCampaign(system, client, receiver.port);
  } catch (error) {
    await tearDown(ctx);
    throw error;
  }
  return ctx;
}

async function tearDown(ctx: SystemUnderCheck | undefined): Promise<void> {
  if (!ctx) return;
  await ctx.client.close().catch(() => undefined);
  await ctx.system.stop();
  await ctx.receiver.close();
}

const part = <T>(items: readonly T[], p: number, n: number) =>
  items.slice(Math.floor((items.length * p) / n), Math.floor((items.length * (p + 1)) / n));

/** Sends the input in `slices` steady slices, applying the faults after each; answers the live views as sent. */
async function sendTraffic(
  ctx: SystemUnderCheck,
  slices: number,
  faults: readonly Fault[][],
  cluster?: KafkaCluster,
): Promise<{ live: CustomerEventInput[]; sent: number }> {
  const { input, client, system } = ctx;
  const live: CustomerEventInput[] = [];
  let sent = 0;
  for (let p = 0; p < slices; p += 1) {
    const started = Date.now();
    const events = [
      ...part(input.synthetic, p, slices).flat(),
      ...part(input.caseOrders, p, slices),
      ...part(input.caseViews, p, slices),
    ];
    const views = stampLiveViews(part(input.liveViews, p, slices));
    await client.ingest(events);
    await client.ingest(views);
    live.push(...views);
    sent += events.length + views.length;
    const n = (plan: { amounts: number[] }) => plan.amounts.length;
    const lo = (plan: { amounts: number[] }) => Math.floor((n(plan) * p) / slices);
    const hi = (plan: { amounts: number[] }) => Math.floor((n(plan) * (p + 1)) / slices);
    await client.sendPayments(system.names.paymentsTopic, [
      ...paymentRecords(input.achiever, lo(input.achiever), hi(input.achiever)),
      ...paymentRecords(input.bystander, lo(input.bystander), hi(input.bystander)),
    ]);
    for (const fault of faults[p] ?? []) {
      if (fault.kind === 'kill-broker') await cluster?.kill(fault.node);
      else if (fault.kind === 'restart-broker') await cluster?.restart(fault.node);
      else if (fault.kind === 'restart') await system.restart(fault.service, fault.instance);
      else await system.addInstance(fault.service);
    }
    const rest = PACE_MS - (Date.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return { live, sent };
}

/**
 * The warehouse rows whose content follows from the input alone (live views and payments are
 * stamped when sent, so their instants are left out; everything else must match exactly).
 */
async function warehouse(pool: Pool): Promise<Record<string, unknown[]>> {
  const rows = async (sql: string) => (await pool.query<Record<string, unknown>>(sql)).rows;
  return {
    raw_events: await rows(
      `SELECT event_id, type, occurred_at, customer_id, channel, campaign, product_id, category_id,
              order_id, revenue::text, currency
       FROM raw_events WHERE customer_id NOT LIKE 'live-%' ORDER BY event_id, occurred_at`,
    ),
    customer_journeys: await rows(
      `SELECT journey_id, customer_id, order_id, converted_at, revenue::text, currency, touchpoints,
              channel_path, touchpoint_count, first_touch_at, last_touch_at
       FROM customer_journeys ORDER BY journey_id`,
    ),
    stream_data: await rows(
      `SELECT client_id, stream_id, state, currency, amount::text, times
       FROM stream_data ORDER BY client_id, stream_id, begin_instant`,
    ),
    goal_realizations: await rows(
      `SELECT client_id, goal_id, stream_id, trigger, value::text
       FROM goal_realizations ORDER BY client_id, goal_id, begin_instant`,
    ),
    campaign_realizations: await rows(
      `SELECT client_id, campaign_id, status, completed_goals, earning_currency, earning_amount::text
       FROM campaign_realizations ORDER BY client_id, campaign_id, begin_instant`,
    ),
  };
}

/** Every acknowledged event exactly once: as many rows as events sent, no event id twice. */
async function expectExactlyOnce(pool: Pool, sent: number): Promise<void> {
  const { rows } = await pool.query<{ n: string; ids: string }>(
    'SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM raw_events',
  );
  expect({ rows: Number(rows[0]?.n), ids: Number(rows[0]?.ids) }).toEqual({
    rows: sent,
    ids: sent,
  });
}

describe('scale-out on a 3-node Kafka cluster', () => {
  const input = buildInput();
  let reference: Record<string, unknown[]> | undefined;
  let cluster: KafkaCluster | undefined;
  let ctx: SystemUnderCheck | undefined;

  beforeAll(async () => {
    if (FULL) {
      // The undisturbed one-of-each system on the shared broker: the reference run.
      const single = await setUp(input, {});
      try {
        const { live, sent } = await sendTraffic(single, PLAN.slices, []);
        await verifyEndResults(single, live, Date.now());
        await expectExactlyOnce(single.system.db.pool, sent);
        reference = await warehouse(single.system.db.pool);
      } finally {
        await tearDown(single);
      }
    }
    cluster = await startKafkaCluster();
    ctx = await setUp(input, {
      kafkaBrokers: cluster.brokers,
      replicationFactor: 3,
      partitions: 6,
      instances: PLAN.instances,
      env: {
        // Both attribution-engines fire every minute: the firing must run once, not twice.
        ATTRIBUTION_SCHEDULE_ENABLED: 'true',
        ATTRIBUTION_CRON: '* * * * *',
      },
    }).catch(async (error: unknown) => {
      await cluster?.stop();
      throw error;
    });
  });
  afterAll(async () => {
    await tearDown(ctx);
    await cluster?.stop();
  });

  it('gives the end results of one instance each, through broker and instance kills and a rebalance', async () => {
    if (!ctx || !cluster) throw new Error('system not started');
    const started = Date.now();
    const { live, sent } = await sendTraffic(ctx, PLAN.slices, PLAN.faults, cluster);
    await verifyEndResults(ctx, live, Date.now());
    const pool = ctx.system.db.pool;
    await expectExactlyOnce(pool, sent);
    if (reference) expect(await warehouse(pool)).toEqual(reference);

    // The scheduler lock across instances: at most one scheduled run per firing (minute).
    const { rows } = await pool.query<{ minute: Date; runs: string }>(
      `SELECT date_trunc('minute', started_at) AS minute, count(*) AS runs
       FROM attribution_runs WHERE trigger = 'schedule' GROUP BY 1 ORDER BY 1`,
    );
    expect(rows.filter((r) => Number(r.runs) !== 1)).toEqual([]);
    if (Date.now() - started > 65_000) expect(rows.length).toBeGreaterThan(0);
  });
});
