// The whole system, every service its own process, fed and read through its public doors only:
// ingest-gateway and the payment topics in; query-api (and the operator CLIs) out. Run after
// `npx tsc -b tsconfig.build.json`: the services start from their dist/main.js.
import type { CustomerEventInput } from '@tributary/schemas';
import { connectClient } from './system-client';
import { startSystem, type ServiceName } from './system-harness';
import { buildInput, paymentRecords, stampLiveViews, type SystemInput } from './system-input';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fxRatesCsv } from '@tributary/demo-data';
import { ROOT } from './system-harness';
import { CATEGORY_MAP_FILE } from './system-input';
import { configureCampaign, loadReferenceData, startReceiver } from './system-scenario';
import { verifyEndResults, type SystemUnderCheck } from './system-verify';

// Starting eight Node processes and stitching a few thousand journeys on two cores takes minutes.
jest.setTimeout(300_000);

async function setUp(): Promise<SystemUnderCheck> {
  const input = buildInput();
  const receiver = await startReceiver();
  const system = await startSystem(receiver.port).catch(async (error: unknown) => {
    await receiver.close();
    throw error;
  });
  const client = await connectClient(system);
  const ctx = { system, client, receiver, input };
  try {
    const rates = join(mkdtempSync(join(tmpdir(), 'system-fx-')), 'fx-rates.csv');
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

/** One slice of every input: synthetic users, case orders, live views (stamped now), payments. */
async function sendChunk(
  ctx: SystemUnderCheck,
  part: number,
  parts: number,
  payments: PaymentSlice,
): Promise<CustomerEventInput[]> {
  const slice = <T>(items: readonly T[]) =>
    items.slice(
      Math.floor((items.length * part) / parts),
      Math.floor((items.length * (part + 1)) / parts),
    );
  const { input, client, system } = ctx;
  await client.ingest(slice(input.synthetic).flat());
  await client.ingest(slice(input.caseOrders));
  await client.ingest(slice(input.caseViews));
  const live = stampLiveViews(slice(input.liveViews));
  await client.ingest(live);
  await client.sendPayments(system.names.paymentsTopic, [
    ...paymentRecords(input.achiever, ...payments.achiever),
    ...paymentRecords(input.bystander, ...payments.bystander),
  ]);
  return live;
}

interface PaymentSlice {
  achiever: [number, number];
  bystander: [number, number];
}

const everything = (input: SystemInput): PaymentSlice => ({
  achiever: [0, input.achiever.amounts.length],
  bystander: [0, input.bystander.amounts.length],
});

describe('the whole system', () => {
  let ctx: SystemUnderCheck | undefined;
  beforeAll(async () => {
    ctx = await setUp();
  });
  afterAll(() => tearDown(ctx));

  it('turns generated traffic into the journeys, attribution, live views, recommendations, report and campaign it implies', async () => {
    if (!ctx) throw new Error('system not started');
    const live = await sendChunk(ctx, 0, 1, everything(ctx.input));
    await verifyEndResults(ctx, live, Date.now());
  });
});

describe('the whole system under faults', () => {
  let ctx: SystemUnderCheck | undefined;
  beforeAll(async () => {
    ctx = await setUp();
  });
  afterAll(() => tearDown(ctx));

  it('gives the same end results when each consuming service is killed (SIGKILL) and restarted during traffic', async () => {
    if (!ctx) throw new Error('system not started');
    // The achiever reaches both goals with the third slice's payment, while campaign-goals is killed.
    const payments: PaymentSlice[] = [
      { achiever: [0, 2], bystander: [0, 1] },
      { achiever: [2, 4], bystander: [1, 2] },
      { achiever: [4, 5], bystander: [2, 2] },
      { achiever: [5, 5], bystander: [2, 2] },
      { achiever: [5, 5], bystander: [2, 2] },
    ];
    const victims: ServiceName[] = [
      'journey-stitcher',
      'realtime-analytics',
      'campaign-goals',
      'campaign-core',
    ];
    const live: CustomerEventInput[] = [];
    for (const [part, slice] of payments.entries()) {
      live.push(...(await sendChunk(ctx, part, payments.length, slice)));
      // Killed right after its input arrived, so it dies with a batch in hand.
      const victim = victims[part];
      if (victim) await ctx.system.restart(victim);
    }
    // campaign-core may die between the action call and its record: the call is then repeated.
    await verifyEndResults(ctx, live, Date.now(), 'at-least-once-with-one-key');
  });
});
